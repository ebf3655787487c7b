package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-pass best is the head of the sorted ranking, ties, signed zeros and non-finite values included. */
class RankingTest {
    @Test
    void bestIsTheFirstOfTheRanking() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] values = {0.0, -0.0, 1.0, 1.0, -2.5, Double.NaN, Double.POSITIVE_INFINITY, 3.0};
        TrialState[] states = {TrialState.COMPLETE, TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAILED,
                TrialState.RUNNING};
        for (int round = 0; round < 300; round++) {
            List<Trial> trials = new ArrayList<>();
            int n = rng.nextInt(12);
            for (int i = 0; i < n; i++) {
                // numbers out of list order, as a merged view may give them
                int number = rng.nextInt(20);
                Double v = rng.nextInt(6) == 0 ? null : values[rng.nextInt(values.length)];
                trials.add(new Trial(number, states[rng.nextInt(states.length)], Map.of(), 0, null, v, Map.of(), List.of(),
                        0, null, null, null, null, null));
            }
            for (Direction d : Direction.values()) {
                assertEquals(Ranking.ranked(trials, d).stream().findFirst(), Ranking.best(trials, d), "round " + round + " " + d);
            }
        }
    }
}
