package dev.liandan.study;

import dev.liandan.core.TrialState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Trials whose worker stopped while they ran. Such a trial is recorded FAILED with reason
 * {@value #INTERRUPTED} (Ctrl-C, or a worker process on this host that is gone) or
 * {@value #WORKER_LOST} (a heartbeat older than the grace period); it does not count towards the
 * budget, and its configuration is re-run with the same seed (see {@link NextTrialPolicy}).
 */
public final class LostTrials {
    public static final String INTERRUPTED = "interrupted";
    public static final String WORKER_LOST = "worker lost";

    private final StudyStorage storage;
    private final String study;
    private final Duration grace;

    /** Reclaims the lost trials of {@code study}; a heartbeat older than {@code grace} is taken as lost. */
    public LostTrials(StudyStorage storage, String study, Duration grace) {
        this.storage = storage;
        this.study = study;
        this.grace = grace;
    }

    /** Ended by Ctrl-C or the death of its worker process on this host. */
    public static boolean isInterrupted(Trial t) {
        return t.state() == TrialState.FAILED && INTERRUPTED.equals(t.failReason());
    }

    /** Ended because its worker stopped ({@value #INTERRUPTED}, {@value #WORKER_LOST}): does not count. */
    public static boolean isLost(Trial t) {
        return t.state() == TrialState.FAILED && (INTERRUPTED.equals(t.failReason()) || WORKER_LOST.equals(t.failReason()));
    }

    /** How many times {@code t}'s configuration was already re-run before it (its chain of retry_of). */
    static int retriesBefore(Trial t, Map<Integer, Trial> byNumber) {
        int n = 0;
        for (Trial at = t; at.retryOf() != null && byNumber.containsKey(at.retryOf()) && n <= byNumber.size(); ) {
            at = byNumber.get(at.retryOf());
            n++;
        }
        return n;
    }

    /**
     * RUNNING trials of other workers that are lost become FAILED: {@value #INTERRUPTED} when
     * their worker was a process on this host that is gone, {@value #WORKER_LOST} when their
     * heartbeat is older than the grace period, tested again inside the write
     * ({@link StudyStorage#failIfStale}). The state guard makes it harmless when several workers
     * do this at once. Returns the trials as they are afterwards.
     *
     * @param trials the cache's trials as last read
     * @param mine   the trial this worker runs now (never reclaimed), or null
     */
    public List<Trial> reclaim(TrialCache cache, List<Trial> trials, Trial mine) {
        Instant staleBefore = Instant.now().minus(grace);
        boolean changed = false;
        for (int number : cache.unfinishedNumbers()) {
            Trial t = cache.trial(number);
            if (t == null || t.state() != TrialState.RUNNING || (mine != null && mine.number() == t.number())) {
                continue;
            }
            if (WorkerId.isDeadLocalProcess(t.worker())) {
                changed |= storage.finishTrial(study, t.number(), TrialState.FAILED, null, Map.of(), t.epochs(), INTERRUPTED);
            } else if (t.heartbeat() == null || t.heartbeat().isBefore(staleBefore)) {
                // checked again in the write itself: a heartbeat since our read keeps the trial alive
                changed |= storage.failIfStale(study, t.number(), staleBefore, WORKER_LOST);
            }
        }
        return changed ? cache.refresh() : trials;
    }
}
