package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.space.StudySpec;
import dev.liandan.space.Values;

import java.util.List;
import java.util.Optional;

/**
 * Ends a study before its trial budget: when a COMPLETE trial has reached {@code objective.target}
 * (W&B's {@code metric.target}, Katib's {@code goal}), or when {@code search.max_failed} trials have
 * FAILED (Katib's {@code maxFailedTrialCount}). Decided from the trials in storage under the study's
 * lock, as the budget is, so every worker on every host stops starting trials at its next decision;
 * trials already running finish. A trial whose worker was lost is re-run, not counted as failed.
 */
public final class StopRules {
    private StopRules() {
    }

    /** Why the study must start no more trials, or empty to go on. */
    public static Optional<StopReason> reason(StudySpec spec, List<Trial> trials) {
        if (reaching(spec, trials).isPresent()) {
            return Optional.of(StopReason.TARGET);
        }
        Integer cap = spec.search().maxFailed();
        if (cap != null && failed(trials) >= cap) {
            return Optional.of(StopReason.MAX_FAILED);
        }
        return Optional.empty();
    }

    /** The first COMPLETE trial (by number) whose value reaches the target, if any. */
    public static Optional<Trial> reaching(StudySpec spec, List<Trial> trials) {
        if (spec.objective().target() == null) {
            return Optional.empty();
        }
        Trial first = null;
        for (Trial t : trials) {
            if (t.state() == TrialState.COMPLETE && t.value() != null && spec.objective().reached(t.value())
                    && (first == null || t.number() < first.number())) {
                first = t;
            }
        }
        return Optional.ofNullable(first);
    }

    /** FAILED trials that count (a lost worker's trial is re-run, so it does not). */
    public static int failed(List<Trial> trials) {
        int n = 0;
        for (Trial t : trials) {
            n += t.state() == TrialState.FAILED && !LostTrials.isLost(t) ? 1 : 0;
        }
        return n;
    }

    /** The one line that tells the user why a study stopped early, or empty for any other reason. */
    public static Optional<String> describe(StudySpec spec, List<Trial> trials, StopReason reason) {
        if (reason == StopReason.TARGET) {
            return reaching(spec, trials).map(t -> String.format("Target reached: trial %d has %s = %s (target %s %s):"
                            + " no new trial was started after it.", t.number(), spec.objective().metric(),
                    Values.format(t.value()), spec.objective().direction() == dev.liandan.core.Direction.MAXIMIZE
                            ? ">=" : "<=", Values.format(spec.objective().target())));
        }
        if (reason == StopReason.MAX_FAILED) {
            Trial last = null;
            for (Trial t : trials) {
                if (t.state() == TrialState.FAILED && !LostTrials.isLost(t)
                        && (last == null || t.number() > last.number())) {
                    last = t;
                }
            }
            return Optional.of(String.format("Stopped: %d trials FAILED (search.max_failed: %d); the last, trial %s: %s",
                    failed(trials), spec.search().maxFailed(), last == null ? "?" : last.number(),
                    last == null ? "" : last.failReason()));
        }
        return Optional.empty();
    }
}
