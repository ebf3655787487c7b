package dev.liandan.study;

import dev.liandan.sampler.TrialState;
import dev.liandan.space.Direction;

import java.util.Comparator;
import java.util.List;

/** Orders finished trials by the objective. */
public final class Ranking {
    private Ranking() {
    }

    /** COMPLETE trials with a value, best first; ties go to the lower trial number. */
    public static List<Trial> ranked(List<Trial> trials, Direction direction) {
        Comparator<Trial> byValue = Comparator.comparingDouble(Trial::value);
        if (direction == Direction.MAXIMIZE) {
            byValue = byValue.reversed();
        }
        return trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETE && t.value() != null && Double.isFinite(t.value()))
                .sorted(byValue.thenComparingInt(Trial::number))
                .toList();
    }
}
