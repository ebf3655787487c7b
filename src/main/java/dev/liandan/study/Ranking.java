package dev.liandan.study;

import dev.liandan.sampler.TrialState;
import dev.liandan.space.Direction;

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

    /** The first of {@link #ranked}, in one pass rather than a sort: the worker asks after every trial. */
    public static Optional<Trial> best(List<Trial> trials, Direction direction) {
        return trials.stream().filter(Ranking::ranks).min(order(direction));
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
