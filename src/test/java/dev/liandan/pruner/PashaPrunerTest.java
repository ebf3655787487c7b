package dev.liandan.pruner;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.space.PrunerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.liandan.pruner.Trials.request;
import static dev.liandan.pruner.Trials.running;
import static dev.liandan.pruner.Trials.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PashaPrunerTest {
    private final PashaPruner pasha = new PashaPruner();

    /** A trial that reached epoch 3 with value v1 at epoch 1 and v3 at epochs 2-3 (rungs 1 and 3). */
    private static Observation atRung1(int number, double v1, double v3) {
        return trial(number, TrialState.PRUNED, v1, v3, v3);
    }

    @Test
    void whileRankingsAgreeTrialsStopAtTheSecondRung() {
        // three trials at epoch 3 ranked the same at epochs 1 and 3: the top rung stays at rung 1 (epoch 3)
        List<Observation> others = List.of(atRung1(0, 0.5, 0.6), atRung1(1, 0.3, 0.4), atRung1(2, 0.1, 0.2));
        Observation best = running(3, 0.9, 0.95, 0.95);
        assertEquals(1, pasha.topRung(request(best, Direction.MAXIMIZE, 52, others.toArray(Observation[]::new))));
        assertTrue(pasha.prune(request(best, Direction.MAXIMIZE, 52, others.toArray(Observation[]::new))),
                "even the best trial stops at the current top rung");
    }

    @Test
    void aRankingThatFlipsRaisesTheTopRung() {
        // the best at epoch 1 is the worst at epoch 3, by far more than the epoch-to-epoch noise, which
        // 30 trials stopped after epoch 2 show to be about 0.001
        List<Observation> others = new ArrayList<>(List.of(atRung1(0, 0.9, 0.2), atRung1(1, 0.3, 0.5),
                atRung1(2, 0.1, 0.6)));
        for (int i = 0; i < 30; i++) {
            others.add(trial(10 + i, TrialState.PRUNED, 0.2, 0.201));
        }
        Observation best = running(3, 0.95, 0.97, 0.97);
        PruneRequest r = request(best, Direction.MAXIMIZE, 52, others.toArray(Observation[]::new));
        assertEquals(2, pasha.topRung(r));
        assertFalse(pasha.prune(r), "the best trial at rung 1 goes on towards rung 2 (epoch 9)");
    }

    @Test
    void belowTheTopRungItJudgesAsAsha() {
        List<Observation> others = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            others.add(trial(i, TrialState.PRUNED, 0.5 + 0.01 * i));
        }
        Observation worst = running(9, 0.1);
        assertTrue(pasha.prune(request(worst, Direction.MAXIMIZE, 52, others.toArray(Observation[]::new))));
        Observation best = running(10, 0.9);
        assertFalse(pasha.prune(request(best, Direction.MAXIMIZE, 52, others.toArray(Observation[]::new))));
    }

    @Test
    void neverStopsAtTheLastEpochAndReadsItsOptions() {
        Observation t = running(0, 0.1, 0.1, 0.1);
        assertFalse(pasha.prune(request(t, Direction.MAXIMIZE, 3)));
        assertEquals("pasha", Pruners.of(PrunerSpec.of("pasha", "reduction_factor", 2L)).name());
        assertThrows(dev.liandan.core.UserError.class,
                () -> Pruners.of(PrunerSpec.of("pasha", "epsilon_percentile", 101L)));
    }
}
