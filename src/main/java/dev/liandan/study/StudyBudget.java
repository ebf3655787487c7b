package dev.liandan.study;

import dev.liandan.core.TrialState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What counts towards a study's budgets: the trials that finished (COMPLETE, PRUNED, FAILED,
 * but not those whose worker was lost: they are re-run), and the wall time since the first trial
 * started.
 */
public final class StudyBudget {
    private StudyBudget() {
    }

    /** Trials that count towards the budget. */
    public static int counted(List<Trial> trials) {
        // a plain loop: the worker counts after every trial, over the whole study
        int n = 0;
        for (Trial t : trials) {
            n += t.state().finished() && !LostTrials.isLost(t) ? 1 : 0;
        }
        return n;
    }

    /**
     * When the study's first trial started (the earliest start of a trial that is not WAITING;
     * an enqueued trial's start is set when a worker claims it), or null before any.
     */
    public static Instant firstStart(List<Trial> trials) {
        Instant first = null;
        for (Trial t : trials) {
            if (t.state() != TrialState.WAITING && t.startedAt() != null
                    && (first == null || t.startedAt().isBefore(first))) {
                first = t.startedAt();
            }
        }
        return first;
    }

    /** True when there is a time budget ({@code null}: none) and it has passed at {@code now}. */
    public static boolean timeIsUp(Duration timeBudget, List<Trial> trials, Instant now) {
        Instant first = timeBudget == null ? null : firstStart(trials);
        return first != null && !now.isBefore(first.plus(timeBudget));
    }

    /**
     * Why a study whose workers have all ended stopped: its budget is spent, its time is up, or
     * else the sampler had nothing left.
     */
    public static StopReason stopReason(int budget, Duration timeBudget, List<Trial> trials, Instant now) {
        if (counted(trials) >= budget) {
            return StopReason.BUDGET;
        }
        return timeIsUp(timeBudget, trials, now) ? StopReason.TIME_BUDGET : StopReason.EXHAUSTED;
    }
}
