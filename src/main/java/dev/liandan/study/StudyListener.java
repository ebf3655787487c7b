package dev.liandan.study;

import java.util.Map;

/** What a running study tells whoever shows its progress. All methods have empty defaults. */
public interface StudyListener {

    /** The study starts (or resumes) with {@code finished} of {@code budget} trials already counted. */
    default void studyStarted(String study, int budget, int finished, Double best) {
    }

    default void trialStarted(Trial trial) {
    }

    default void epochEnded(Trial trial, int epoch, Map<String, Double> metrics) {
    }

    /** A trial ended; {@code best} is the study's best value so far (null if none). */
    default void trialFinished(Trial trial, int finished, Double best) {
    }

    default void studyEnded(StudyResult result) {
    }
}
