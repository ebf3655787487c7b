package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ties in the objective go to the lower val_loss (or, for a val_loss objective, the higher
 * val_accuracy), then the lower number; the one-pass best is the head of the sorted ranking, ties,
 * signed zeros and non-finite values included.
 */
class RankingTest {
    private static Trial complete(int number, double value, Map<String, Double> metrics) {
        return new Trial(number, TrialState.COMPLETE, Map.of(), 0, null, value, metrics, List.of(), 0, null, null, null,
                null, null);
    }

    @Test
    void tiesGoToTheLowerValidationLossThenTheNumber() {
        List<Trial> trials = List.of(
                complete(0, 1.0, Map.of("val_loss", 0.30)),
                complete(1, 0.9, Map.of("val_loss", 0.01)),
                complete(2, 1.0, Map.of("val_loss", 0.05)),
                complete(3, 1.0, Map.of()),
                complete(4, 1.0, Map.of("val_loss", 0.05)));
        assertEquals(List.of(2, 4, 0, 3, 1), Ranking.ranked(trials, Direction.MAXIMIZE).stream().map(Trial::number).toList());
        assertEquals(2, Ranking.best(trials, Direction.MAXIMIZE).orElseThrow().number());
    }

    @Test
    void aValidationLossObjectiveBreaksTiesByTheHigherAccuracy() {
        List<Trial> trials = List.of(
                complete(0, 0.2, Map.of("val_loss", 0.2, "val_accuracy", 0.90)),
                complete(1, 0.2, Map.of("val_loss", 0.2, "val_accuracy", 0.95)),
                complete(2, 0.3, Map.of("val_loss", 0.3, "val_accuracy", 0.99)));
        assertEquals(List.of(1, 0, 2), Ranking.ranked(trials, Direction.MINIMIZE).stream().map(Trial::number).toList());
        assertEquals(1, Ranking.best(trials, Direction.MINIMIZE).orElseThrow().number());
    }

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
                Map<String, Double> metrics = rng.nextBoolean() ? Map.of()
                        : Map.of("val_loss", values[rng.nextInt(values.length)]);
                trials.add(new Trial(number, states[rng.nextInt(states.length)], Map.of(), 0, null, v, metrics, List.of(),
                        0, null, null, null, null, null));
            }
            for (Direction d : Direction.values()) {
                assertEquals(Ranking.ranked(trials, d).stream().findFirst(), Ranking.best(trials, d), "round " + round + " " + d);
            }
        }
    }
}
