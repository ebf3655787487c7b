package dev.liandan.pruner;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.space.PrunerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.liandan.pruner.Trials.complete;
import static dev.liandan.pruner.Trials.request;
import static dev.liandan.pruner.Trials.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurvePrunerTest {
    private final CurvePruner curve = new CurvePruner();

    /** y(t) = a - b t^-c at epochs 1..n. */
    private static double[] powerLaw(double a, double b, double c, int n) {
        double[] y = new double[n];
        for (int t = 1; t <= n; t++) {
            y[t - 1] = a - b * Math.pow(t, -c);
        }
        return y;
    }

    private static Observation[] finished(double best) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(complete(i, powerLaw(best - 0.01 * i, 0.3, 0.8, 20)));
        }
        return out.toArray(Observation[]::new);
    }

    @Test
    void extrapolatesAPowerLaw() {
        List<Double> y = new ArrayList<>();
        for (double v : powerLaw(0.8, 0.5, 0.7, 8)) {
            y.add(v);
        }
        double[] f = CurvePruner.forecast(y, 8, 50, Direction.MAXIMIZE);
        assertEquals(0.8 - 0.5 * Math.pow(50, -0.7), f[0], 0.01);
        assertTrue(f[1] < 1e-3, "an exact power law fits with no residual: " + f[1]);
    }

    @Test
    void stopsACurveThatHasFlattenedFarBelowTheBest() {
        Observation flat = running(9, powerLaw(0.5, 0.1, 1.0, 5));
        assertTrue(curve.prune(request(flat, Direction.MAXIMIZE, 20, finished(0.9))));
    }

    @Test
    void keepsACurveThatStillClimbsTowardsTheBest() {
        Observation climbing = running(9, powerLaw(1.2, 0.9, 0.5, 5)); // 0.3 at epoch 1, 1.0 at epoch 20
        assertFalse(curve.prune(request(climbing, Direction.MAXIMIZE, 20, finished(0.9))));
    }

    @Test
    void waitsForEnoughFinishedTrialsAndEpochs() {
        Observation flat = running(9, powerLaw(0.5, 0.1, 1.0, 5));
        Observation[] one = {complete(0, powerLaw(0.9, 0.3, 0.8, 20))};
        assertTrue(curve.prune(request(flat, Direction.MAXIMIZE, 20, one)), "one finished trial sets the incumbent");
        assertFalse(curve.prune(request(flat, Direction.MAXIMIZE, 20)), "no finished trial: nothing to beat");
        Pruner waiting = Pruners.of(PrunerSpec.of("curve", "startup_trials", 2L));
        assertFalse(waiting.prune(request(flat, Direction.MAXIMIZE, 20, one)), "startup_trials 2: one is too few");
        Observation young = running(9, powerLaw(0.5, 0.1, 1.0, 2));
        assertFalse(curve.prune(request(young, Direction.MAXIMIZE, 20, finished(0.9))), "2 epochs are too few");
        assertFalse(curve.prune(request(flat, Direction.MAXIMIZE, 0, finished(0.9))), "last epoch unknown");
    }

    @Test
    void minimisingWorksTheOtherWayRound() {
        Observation[] losses = new Observation[5];
        for (int i = 0; i < 5; i++) {
            losses[i] = complete(i, powerLaw(0.1, -0.3, 0.8, 20)); // falls from 0.4 towards 0.1
        }
        Observation high = running(9, powerLaw(0.6, -0.1, 1.0, 5)); // flattens near 0.6
        assertTrue(curve.prune(request(high, Direction.MINIMIZE, 20, losses)));
        assertEquals("curve", Pruners.of(PrunerSpec.of("curve", "min_epochs", 4L)).name());
    }
}
