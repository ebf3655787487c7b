package dev.liandan.study;

import java.util.List;
import java.util.Map;

/** Tells several listeners, in order, what a running study tells one. */
public final class CompositeListener implements StudyListener {
    private final List<StudyListener> listeners;

    public CompositeListener(StudyListener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void studyStarted(String study, int budget, int finished, Double best) {
        listeners.forEach(l -> l.studyStarted(study, budget, finished, best));
    }

    @Override
    public void trialStarted(Trial trial) {
        listeners.forEach(l -> l.trialStarted(trial));
    }

    @Override
    public void epochEnded(Trial trial, int epoch, Map<String, Double> metrics) {
        listeners.forEach(l -> l.epochEnded(trial, epoch, metrics));
    }

    @Override
    public void trialFinished(Trial trial, int finished, Double best) {
        listeners.forEach(l -> l.trialFinished(trial, finished, best));
    }

    @Override
    public void studyEnded(StudyResult result) {
        listeners.forEach(l -> l.studyEnded(result));
    }
}
