package dev.liandan.study;

import dev.liandan.sampler.TrialState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where studies and trials live: in memory (tests), a SQLite file (the default) or, later,
 * PostgreSQL. Every implementation passes the same contract tests. Each call is atomic: a
 * finished trial, once {@link #finishTrial} returns, survives a crash of the process.
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

    @Override
    void close();
}
