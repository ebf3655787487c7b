package dev.liandan.study;

import dev.liandan.core.TrialState;

import java.time.Instant;
import java.util.Collection;
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

    /** Creates a study; a {@link dev.liandan.core.UserError} if the name is taken. */
    void createStudy(StudyRecord study);

    Optional<StudyRecord> findStudy(String name);

    List<String> studyNames();

    /** Starts a trial in state RUNNING with the next free number (0, 1, ...), atomically. */
    Trial startTrial(String study, NewTrial trial);

    /** Records that the worker running the trial is alive. */
    void heartbeat(String study, int number, Instant at);

    /**
     * A storage for a worker's heartbeat thread, over the same studies, whose calls do not wait
     * behind this storage's own (a database storage opens a connection of its own); the caller
     * closes it when it is not this storage. This storage itself where calls are short and
     * cannot get stuck (in memory).
     */
    default StudyStorage forHeartbeats() {
        return this;
    }

    /** Records the objective after {@code epoch} (1-based) of a RUNNING trial. */
    void reportIntermediate(String study, int number, int epoch, double value);

    /**
     * Ends a RUNNING trial. Returns false, changing nothing, when the trial is no longer RUNNING
     * (another process already ended it).
     */
    boolean finishTrial(String study, int number, TrialState state, Double value, Map<String, Double> metrics,
                        int epochs, String failReason);

    /**
     * Replaces the params of a RUNNING trial: a define-by-run trial learns its parameters while it
     * runs. Returns false, changing nothing, when the trial is no longer RUNNING.
     */
    default boolean setTrialParams(String study, int number, Map<String, Object> params) {
        throw new UnsupportedOperationException(this + " cannot change a trial's params");
    }

    /**
     * Ends a RUNNING trial whose worker is taken as lost: FAILED with {@code reason}, only if its
     * heartbeat is still older than {@code staleBefore} (or it has none) at the moment of the
     * write. Returns false, changing nothing, otherwise. The heartbeat test is part of the one
     * atomic write, so a heartbeat that arrives after the reclaiming worker read the trial (a
     * reclaimer descheduled for seconds on a loaded host) keeps the live trial alive.
     */
    boolean failIfStale(String study, int number, Instant staleBefore, String reason);

    /** All trials of the study, ordered by number. */
    List<Trial> trials(String study);

    Optional<Trial> trial(String study, int number);

    /**
     * The trials numbered {@code fromNumber} or above, and those whose number is in
     * {@code alsoNumbers}, ordered by number; what a reader that already holds the others needs.
     *
     * <p>Why this shape rather than a per-study change sequence: a finished trial (COMPLETE,
     * PRUNED, FAILED) never changes again, and numbers are handed out densely and in commit order
     * under the study's lock, so a reader that has seen trials 0..k-1 needs only trials k.. plus
     * those of 0..k-1 it saw unfinished (RUNNING or WAITING: a handful per worker, plus the
     * enqueued). That needs no new column, no extra write on the hot heartbeat path, and it is
     * served by the (study, number) index every storage already has. See {@link TrialCache}.
     */
    List<Trial> trialsFrom(String study, int fromNumber, Collection<Integer> alsoNumbers);

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
        return decideNext(study, reader -> decide.apply(reader.trialsFrom(0, List.of())));
    }

    /**
     * As {@link #next(String, Function)}, but {@code decide} reads what it needs itself, under
     * the lock and in the same transaction, through {@link TrialReader#trialsFrom} (a worker that
     * keeps a {@link TrialCache} reads only what is new). The same rules apply: it may be called
     * more than once and must not write to the storage.
     */
    default Next.Taken decideNext(String study, Function<TrialReader, Next> decide) {
        throw new UnsupportedOperationException(this + " cannot coordinate workers");
    }

    /** Reads trials inside {@link #decideNext}'s transaction; see {@link StudyStorage#trialsFrom}. */
    @FunctionalInterface
    interface TrialReader {
        List<Trial> trialsFrom(int fromNumber, Collection<Integer> alsoNumbers);
    }

    /**
     * Removes a study with its trials, their values and its attributes, in one transaction.
     * Returns false, changing nothing, when there is no study of that name.
     */
    default boolean deleteStudy(String study) {
        throw new UnsupportedOperationException(this + " cannot delete studies");
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
