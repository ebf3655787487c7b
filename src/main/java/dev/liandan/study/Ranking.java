package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Orders finished trials by the objective. */
public final class Ranking {
    private Ranking() {
    }

    /** COMPLETE trials with a value, best first; ties go to the lower trial number. */
    public static List<Trial> ranked(List<Trial> trials, Direction direction) {
        return trials.stream().filter(Ranking::ranks).sorted(order(direction)).toList();
    }

    /**
     * The first of {@link #ranked}, in one plain pass (no sort, no stream): the worker asks after
     * every trial, over the whole study. The same order: the value by {@link Double#compare}, then
     * the number; among equals the earlier in the list.
     */
    public static Optional<Trial> best(List<Trial> trials, Direction direction) {
        Trial best = null;
        double bestValue = 0;
        for (Trial t : trials) {
            if (!ranks(t)) {
                continue;
            }
            double v = t.value();
            int c = best == null ? -1 : direction == Direction.MAXIMIZE ? Double.compare(bestValue, v) : Double.compare(v, bestValue);
            if (c < 0 || (c == 0 && t.number() < best.number())) {
                best = t;
                bestValue = v;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean ranks(Trial t) {
        return t.state() == TrialState.COMPLETE && t.value() != null && Double.isFinite(t.value());
    }

    private static Comparator<Trial> order(Direction direction) {
        Comparator<Trial> byValue = Comparator.comparingDouble(Trial::value);
        if (direction == Direction.MAXIMIZE) {
            byValue = byValue.reversed();
        }
        return byValue.thenComparingInt(Trial::number);
    }
}
