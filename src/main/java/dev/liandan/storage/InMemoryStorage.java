package dev.liandan.storage;

import dev.liandan.core.TrialState;
import dev.liandan.study.NewTrial;
import dev.liandan.study.Next;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Studies held in this JVM only, for tests and benchmarks. Every method is synchronized on the
 * storage, which makes each call atomic as the contract asks; the value rules are those of
 * {@link JdbcStorage} ({@link StoredValues}), so the two are interchangeable in tests.
 */
public final class InMemoryStorage implements StudyStorage {

    private static final String WHERE = "memory:";

    private final Clock clock;
    /** By name, in creation order (which {@link #studyNames()} returns). */
    private final Map<String, StudyData> studies = new LinkedHashMap<>();
    private boolean closed;

    public InMemoryStorage() {
        this(Clock.systemUTC());
    }

    /** @param clock gives startedAt and finishedAt, so that tests can control time */
    public InMemoryStorage(Clock clock) {
        this.clock = clock;
    }

    private static final class StudyData {
        final StudyRecord record;
        /** Index = trial number: numbers are dense from 0. */
        final List<TrialData> trials = new ArrayList<>();
        final Map<String, String> attributes = new TreeMap<>();

        StudyData(StudyRecord record) {
            this.record = record;
        }
    }

    /** A trial's mutable state; callers only ever see {@link Trial} snapshots. */
    private static final class TrialData {
        final int number;
        Map<String, Object> params;
        final long seed;
        final Integer retryOf;
        String worker;
        Instant startedAt;
        final TreeMap<Integer, Double> values = new TreeMap<>();
        TrialState state = TrialState.RUNNING;
        Double value;
        Map<String, Double> metrics = StoredValues.metrics(null);
        int epochs;
        Instant finishedAt;
        Instant heartbeat;
        String failReason;

        TrialData(int number, NewTrial t, Instant startedAt) {
            this.number = number;
            this.params = StoredValues.params(t.params());
            this.seed = t.seed();
            this.retryOf = t.retryOf();
            this.worker = t.worker();
            this.startedAt = startedAt;
            this.heartbeat = startedAt;
        }

        Trial snapshot() {
            return new Trial(number, state, params, seed, retryOf, value, metrics, StoredValues.intermediates(values),
                    epochs, startedAt, finishedAt, worker, heartbeat, failReason);
        }
    }

    @Override
    public synchronized void createStudy(StudyRecord study) {
        open();
        StudyRecord s = StoredValues.study(study, now());
        if (studies.containsKey(s.name())) {
            throw StoredValues.duplicateStudy(s.name(), WHERE);
        }
        studies.put(s.name(), new StudyData(s));
    }

    @Override
    public synchronized Optional<StudyRecord> findStudy(String name) {
        open();
        StudyData s = studies.get(name);
        return s == null ? Optional.empty() : Optional.of(s.record);
    }

    @Override
    public synchronized boolean deleteStudy(String name) {
        return studies.remove(name) != null;
    }

    @Override
    public synchronized List<String> studyNames() {
        open();
        return List.copyOf(studies.keySet());
    }

    @Override
    public synchronized Trial startTrial(String study, NewTrial trial) {
        StudyData s = study(study);
        TrialData t = new TrialData(s.trials.size(), trial, now());
        s.trials.add(t);
        return t.snapshot();
    }

    @Override
    public synchronized Trial enqueueTrial(String study, NewTrial trial) {
        StudyData s = study(study);
        TrialData t = new TrialData(s.trials.size(), trial, now());
        t.state = TrialState.WAITING;
        t.worker = null;
        t.heartbeat = null;
        s.trials.add(t);
        return t.snapshot();
    }

    @Override
    public synchronized Next.Taken decideNext(String study, Function<TrialReader, Next> decide) {
        study(study);
        Next next = decide.apply((from, also) -> trialsFrom(study, from, also));
        switch (next.kind()) {
            case START:
                return new Next.Taken(next, startTrial(study, next.trial()));
            case CLAIM:
                TrialData t = trialData(study, next.waitingNumber());
                if (t.state != TrialState.WAITING) {
                    throw new IllegalStateException("trial " + t.number + " of study '" + study + "' is "
                            + t.state + ", not WAITING");
                }
                t.state = TrialState.RUNNING;
                t.worker = next.worker();
                t.startedAt = now();
                t.heartbeat = t.startedAt;
                return new Next.Taken(next, t.snapshot());
            default:
                return new Next.Taken(next, null);
        }
    }

    @Override
    public synchronized void setStudyAttribute(String study, String name, String value) {
        study(study).attributes.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
    }

    @Override
    public synchronized Map<String, String> studyAttributes(String study) {
        return Collections.unmodifiableMap(new TreeMap<>(study(study).attributes));
    }

    @Override
    public synchronized void heartbeat(String study, int number, Instant at) {
        Objects.requireNonNull(at, "at");
        TrialData t = trialData(study, number);
        // A finished trial is never changed again, not even its heartbeat.
        if (t.state == TrialState.RUNNING) {
            t.heartbeat = StoredValues.millis(at);
        }
    }

    @Override
    public synchronized void reportIntermediate(String study, int number, int epoch, double value) {
        StoredValues.checkEpoch(epoch);
        TrialData t = trialData(study, number);
        if (t.state == TrialState.RUNNING) {
            t.values.put(epoch, value);
        }
    }

    @Override
    public synchronized boolean setTrialParams(String study, int number, Map<String, Object> params) {
        Map<String, Object> checked = StoredValues.params(params);
        TrialData t = trialData(study, number);
        if (t.state != TrialState.RUNNING) {
            return false;
        }
        t.params = checked;
        return true;
    }

    @Override
    public synchronized boolean finishTrial(String study, int number, TrialState state, Double value,
                                            Map<String, Double> metrics, int epochs, String failReason) {
        StoredValues.checkFinal(state);
        TrialData t = trialData(study, number);
        if (t.state != TrialState.RUNNING) {
            return false;
        }
        t.state = state;
        t.value = StoredValues.value(value);
        t.metrics = StoredValues.metrics(metrics);
        t.epochs = epochs;
        t.finishedAt = now();
        t.failReason = failReason;
        return true;
    }

    @Override
    public synchronized boolean failIfStale(String study, int number, Instant staleBefore, String reason) {
        Objects.requireNonNull(staleBefore, "staleBefore");
        TrialData t = trialData(study, number);
        if (t.state != TrialState.RUNNING || (t.heartbeat != null && !t.heartbeat.isBefore(staleBefore))) {
            return false;
        }
        t.state = TrialState.FAILED;
        t.value = null;
        t.finishedAt = now();
        t.failReason = reason;
        return true;
    }

    @Override
    public synchronized List<Trial> trials(String study) {
        return study(study).trials.stream().map(TrialData::snapshot).toList();
    }

    @Override
    public synchronized List<Trial> trialsFrom(String study, int fromNumber, Collection<Integer> alsoNumbers) {
        List<TrialData> trials = study(study).trials;
        List<Trial> out = new ArrayList<>();
        // numbers are dense from 0, so the list index is the number: the asked-for earlier ones, then the tail
        new java.util.TreeSet<>(alsoNumbers).forEach(n -> {
            if (n >= 0 && n < Math.min(fromNumber, trials.size())) {
                out.add(trials.get(n).snapshot());
            }
        });
        for (int n = Math.max(0, fromNumber); n < trials.size(); n++) {
            out.add(trials.get(n).snapshot());
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized Optional<Trial> trial(String study, int number) {
        List<TrialData> trials = study(study).trials;
        return number >= 0 && number < trials.size() ? Optional.of(trials.get(number).snapshot()) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return WHERE;
    }

    private StudyData study(String name) {
        open();
        StudyData s = studies.get(name);
        if (s == null) {
            throw StoredValues.unknownStudy(name, WHERE);
        }
        return s;
    }

    private TrialData trialData(String study, int number) {
        List<TrialData> trials = study(study).trials;
        if (number < 0 || number >= trials.size()) {
            throw StoredValues.unknownTrial(study, number, WHERE);
        }
        return trials.get(number);
    }

    private Instant now() {
        return StoredValues.millis(clock.instant());
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("storage " + WHERE + " is closed");
        }
    }
}
