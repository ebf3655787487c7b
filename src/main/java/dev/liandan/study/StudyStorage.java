package dev.liandan.study;

import dev.liandan.sampler.TrialState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where studies and trials live: in memory (tests), a SQLite file (the default) or PostgreSQL
 * (many workers on many hosts). Every implementation passes the same contract tests. Each call
 * is atomic: a finished trial, once {@link #finishTrial} returns, survives a crash of the process.
 */
public interface StudyStorage extends AutoCloseable {

    /** Creates a study; a {@link dev.liandan.space.UserError} if the name is taken. */
    void createStudy(StudyRecord study);

    Optional<StudyRecord> findStudy(String name);

    List<String> studyNames();

    /** Starts a trial in state RUNNING with the next free number (0, 1, ...), atomically. */
    Trial startTrial(String study, NewTrial trial);

    /** Records that the worker running the trial is alive. */
    void heartbeat(String study, int number, Instant at);

    /** Records the objective after {@code epoch} (1-based) of a RUNNING trial. */
    void reportIntermediate(String study, int number, int epoch, double value);

    /**
     * Ends a RUNNING trial. Returns false, changing nothing, when the trial is no longer RUNNING
     * (another process already ended it).
     */
    boolean finishTrial(String study, int number, TrialState state, Double value, Map<String, Double> metrics,
                        int epochs, String failReason);

    /** All trials of the study, ordered by number. */
    List<Trial> trials(String study);

    Optional<Trial> trial(String study, int number);

    /**
     * Adds an enqueued configuration: a WAITING trial with the next free number, its worker
     * null, its startedAt the time it was enqueued (it is set again when a worker claims it).
     */
    default Trial enqueueTrial(String study, NewTrial trial) {
        throw new UnsupportedOperationException(this + " cannot enqueue trials");
    }

    /**
     * Decides and starts this worker's next trial as one step that no other worker of the study,
     * in any process, interleaves with: reads the study's trials under the study's lock, asks
     * {@code decide}, and applies its answer (START: a RUNNING trial with the next free number;
     * CLAIM: the WAITING trial becomes RUNNING for this worker, started and alive as of now).
     * {@code decide} may be called more than once (a retried transaction) and must not write.
     */
    default Next.Taken next(String study, Function<List<Trial>, Next> decide) {
        throw new UnsupportedOperationException(this + " cannot coordinate workers");
    }

    /** Sets (or replaces) a named string attribute of the study. */
    default void setStudyAttribute(String study, String name, String value) {
        throw new UnsupportedOperationException(this + " keeps no study attributes");
    }

    /** The study's attributes by name (sorted); empty where this storage keeps none. */
    default Map<String, String> studyAttributes(String study) {
        return Map.of();
    }

    @Override
    void close();
}
