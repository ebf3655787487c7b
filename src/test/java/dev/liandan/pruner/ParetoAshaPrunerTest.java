package dev.liandan.pruner;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.space.PrunerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Successive halving on Pareto fronts: with one objective it decides as ASHA does; with accuracy
 * (maximised, per epoch) and parameter count (minimised, known once a trial is finished) a running
 * trial is stopped only when trials on better fronts fill the rung's quota, counting its own
 * unknown cost as the best one known.
 */
class ParetoAshaPrunerTest {
    private static final List<Direction> ACC_PARAMS = List.of(Direction.MAXIMIZE, Direction.MINIMIZE);
    private final Pruner pruner = Pruners.of(PrunerSpec.of("pareto_asha"));

    @Test
    void withOneObjectiveItDecidesAsAsha() {
        Pruner asha = Pruners.of(PrunerSpec.of("asha"));
        SplittableRandom rng = new SplittableRandom(3);
        int stopped = 0;
        for (int round = 0; round < 300; round++) {
            List<Observation> others = new ArrayList<>();
            int peers = rng.nextInt(12);
            for (int i = 0; i < peers; i++) {
                double[] curve = new double[1 + rng.nextInt(10)];
                for (int e = 0; e < curve.length; e++) {
                    curve[e] = rng.nextDouble();
                }
                TrialState state = rng.nextInt(4) == 0 ? TrialState.FAILED : rng.nextBoolean() ? TrialState.COMPLETE
                        : TrialState.RUNNING;
                others.add(Trials.trial(i + 1, state, curve));
            }
            double[] own = new double[1 + rng.nextInt(9)];
            for (int e = 0; e < own.length; e++) {
                own[e] = rng.nextDouble();
            }
            Direction d = rng.nextBoolean() ? Direction.MAXIMIZE : Direction.MINIMIZE;
            PruneRequest r = Trials.request(Trials.running(0, own), d, 27, others.toArray(new Observation[0]));
            boolean expected = asha.prune(r);
            assertEquals(expected, pruner.prune(r), "round " + round);
            stopped += expected ? 1 : 0;
        }
        assertTrue(stopped > 30 && stopped < 270, "both answers were tested: " + stopped + " stopped of 300");
    }

    /** A finished trial with its accuracy per epoch and its parameter count. */
    private static Observation finished(int number, double params, double... accuracy) {
        Observation o = Trials.complete(number, accuracy);
        return o.withValues(List.of(o.value(), params));
    }

    private static PruneRequest atEpoch3(Observation self, Observation... others) {
        Observation running = self.withValues(java.util.Arrays.asList(null, null));
        return new PruneRequest(running, 3, List.of(others), Direction.MAXIMIZE, 7, 27, ACC_PARAMS);
    }

    @Test
    void aTrialIsStoppedWhenTheCheapestIsAlsoMoreAccurateAndTheBetterFrontsFillTheQuota() {
        // rung at epoch 3; peers: small and accurate, large and more accurate, medium and middling
        Observation small = finished(1, 1_000, 0.5, 0.8, 0.9);
        Observation large = finished(2, 100_000, 0.6, 0.9, 0.95);
        Observation medium = finished(3, 10_000, 0.5, 0.7, 0.85);
        // 0.6 at epoch 3, its size unknown: counted as 1000, the smallest; (0.9, 1000) dominates it
        Observation weak = Trials.running(4, 0.3, 0.5, 0.6);
        assertTrue(pruner.prune(atEpoch3(weak, small, large, medium)),
                "front 1 holds small and large: 2 ahead of it, quota floor(4 / 3) = 1");
        // better than the smallest trial at this rung: no one dominates it
        Observation good = Trials.running(5, 0.5, 0.8, 0.91);
        assertFalse(pruner.prune(atEpoch3(good, small, large, medium)));
    }

    @Test
    void largerMoreAccurateTrialsDoNotStopOneThatMayBeSmaller() {
        Observation a = finished(1, 50_000, 0.7, 0.9, 0.95);
        Observation b = finished(2, 80_000, 0.7, 0.9, 0.96);
        Observation c = finished(3, 60_000, 0.6, 0.85, 0.9);
        Observation d = finished(4, 40_000, 0.2, 0.3, 0.4);
        Observation slow = Trials.running(5, 0.3, 0.5, 0.6);
        // by accuracy alone three of five are better: ASHA stops it
        assertTrue(Pruners.of(PrunerSpec.of("asha")).prune(Trials.request(slow, Direction.MAXIMIZE, 27, a, b, c, d)));
        // its size may be as small as d's 40 000, and then no peer dominates it: it goes on
        assertFalse(pruner.prune(atEpoch3(slow, a, b, c, d)));
        // without d the smallest size known is a's, and a = (0.95, 50 000) dominates (0.6, 50 000)
        assertTrue(pruner.prune(atEpoch3(slow, a, b, c)));
    }

    @Test
    void onlyRungsDecideAndTheLastEpochNeverStops() {
        Observation small = finished(1, 1_000, 0.9, 0.9, 0.9, 0.9);
        Observation weak = Trials.running(2, 0.1, 0.1).withValues(java.util.Arrays.asList(null, null));
        PruneRequest epoch2 = new PruneRequest(weak, 2, List.of(small, small, small), Direction.MAXIMIZE, 7, 27,
                ACC_PARAMS);
        assertFalse(pruner.prune(epoch2), "epoch 2 is no rung with eta 3");
        Observation last = Trials.running(2, 0.1, 0.1, 0.1).withValues(java.util.Arrays.asList(null, null));
        assertFalse(pruner.prune(new PruneRequest(last, 3, List.of(small), Direction.MAXIMIZE, 7, 3, ACC_PARAMS)));
    }
}
