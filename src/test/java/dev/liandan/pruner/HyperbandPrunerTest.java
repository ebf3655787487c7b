package dev.liandan.pruner;

import dev.liandan.core.Observation;
import dev.liandan.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.liandan.pruner.Trials.complete;
import static dev.liandan.pruner.Trials.request;
import static dev.liandan.pruner.Trials.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperbandPrunerTest {
    private static final HyperbandPruner ETA3 = new HyperbandPruner(1, 3, 0);

    @Test
    void bracketsAreTheFirstRungsThatFitTheMaximum() {
        assertEquals(4, ETA3.brackets(27), "first rungs at 1, 3, 9, 27");
        assertEquals(4, ETA3.brackets(30));
        assertEquals(3, ETA3.brackets(26));
        assertEquals(1, ETA3.brackets(2));
        assertEquals(1, ETA3.brackets(0), "unknown maximum: one bracket, plain ASHA");
        assertEquals(5, new HyperbandPruner(2, 2, 0).brackets(32), "2, 4, 8, 16, 32");
    }

    @Test
    void bracketsAreWeightedAsHyperbandStartsThem() {
        // Li et al. 2018, Algorithm 1 with R = 27, eta = 3: n = 27, 12, 6, 4 configurations for s = 3, 2, 1, 0
        assertEquals(List.of(27L, 12L, 6L, 4L), ETA3.bracketWeights(27));
        // R = 81 (the paper's table 1): 81, 34, 15, 8, 5
        assertEquals(List.of(81L, 34L, 15L, 8L, 5L), ETA3.bracketWeights(81));
        assertEquals(List.of(1L), ETA3.bracketWeights(0));
    }

    @Test
    void theBracketOfATrialIsADeterministicSeededHashSpreadByWeight() {
        List<Long> w = ETA3.bracketWeights(27);
        int[] count = new int[w.size()];
        for (int n = 0; n < 4900; n++) {
            int b = HyperbandPruner.bracket(7, n, w);
            assertEquals(b, HyperbandPruner.bracket(7, n, w), "the same every time");
            count[b]++;
        }
        // expected 2700, 1200, 600, 400 of 4900
        assertEquals(2700, count[0], 150);
        assertEquals(1200, count[1], 110);
        assertEquals(600, count[2], 80);
        assertEquals(400, count[3], 70);
        int differ = 0;
        for (int n = 0; n < 100; n++) {
            differ += HyperbandPruner.bracket(7, n, w) != HyperbandPruner.bracket(8, n, w) ? 1 : 0;
        }
        assertTrue(differ > 20, "another seed, another assignment: " + differ);
    }

    /** The first trial numbers from {@code from} in {@code bracket}. */
    private static List<Integer> numbersIn(int bracket, int from, int count, List<Long> w) {
        List<Integer> out = new ArrayList<>();
        for (int n = from; out.size() < count; n++) {
            if (HyperbandPruner.bracket(7, n, w) == bracket) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void aTrialIsComparedOnlyWithTheTrialsOfItsBracket() {
        List<Long> w = ETA3.bracketWeights(27);
        int self = numbersIn(0, 0, 1, w).get(0);
        int sameBracket = numbersIn(0, self + 1, 1, w).get(0);
        List<Integer> otherBracket = numbersIn(1, 0, 3, w);
        List<Observation> strongOthers = new ArrayList<>();
        for (int n : otherBracket) {
            strongOthers.add(complete(n, 0.99, 0.99, 0.99));
        }
        Observation me = running(self, 0.5);
        // better trials in another bracket do not count: alone in its bracket at rung 1, it goes on
        assertFalse(ETA3.prune(request(me, Direction.MAXIMIZE, 27, strongOthers.toArray(new Observation[0]))));
        // one better trial of its own bracket stops it (2 at the rung, the best goes on)
        strongOthers.add(complete(sameBracket, 0.6));
        assertTrue(ETA3.prune(request(me, Direction.MAXIMIZE, 27, strongOthers.toArray(new Observation[0]))));
    }

    @Test
    void aSamplerLearnsOnlyFromTheBracketOfTheTrialItProposes() {
        List<Long> w = ETA3.bracketWeights(27);
        List<Observation> history = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            history.add(complete(n, 0.5));
        }
        for (int bracket = 0; bracket < 4; bracket++) {
            int next = numbersIn(bracket, 60, 1, w).get(0);
            List<Observation> seen = ETA3.samplerHistory(history, next, 7, 27);
            int b = bracket;
            assertEquals(history.stream().filter(o -> HyperbandPruner.bracket(7, o.number(), w) == b).toList(), seen);
            assertTrue(seen.size() > 0 && seen.size() < 60, "bracket " + bracket + ": " + seen.size());
        }
        // one bracket (maximum unknown, or below the second rung): every trial
        assertEquals(history, ETA3.samplerHistory(history, 60, 7, 0));
        assertEquals(history, ETA3.samplerHistory(history, 60, 7, 2));
        // other pruners leave the history whole
        assertEquals(history, new AshaPruner().samplerHistory(history, 60, 7, 27));
    }

    @Test
    void eachBracketHasItsOwnFirstRung() {
        List<Long> w = ETA3.bracketWeights(27);
        for (int bracket = 0; bracket < 4; bracket++) {
            List<Integer> two = numbersIn(bracket, 0, 2, w);
            int firstRung = (int) Math.pow(3, bracket);
            for (int epoch = 1; epoch < 27; epoch++) {
                double[] good = new double[27];
                java.util.Arrays.fill(good, 0.9);
                double[] bad = new double[epoch];
                java.util.Arrays.fill(bad, 0.1);
                boolean rung = epoch >= firstRung && isPowerOf3(epoch);
                boolean pruned = ETA3.prune(request(running(two.get(1), bad), Direction.MAXIMIZE, 27,
                        complete(two.get(0), good)));
                assertEquals(rung, pruned, "bracket " + bracket + ", epoch " + epoch);
            }
        }
    }

    private static boolean isPowerOf3(int n) {
        while (n % 3 == 0) {
            n /= 3;
        }
        return n == 1;
    }

    @Test
    void maxResourceOptionOverridesTheEpochs() {
        Pruner p = Pruners.of(dev.liandan.space.PrunerSpec.of("hyperband", "max_resource", 9L));
        assertEquals("hyperband(min_resource=1, reduction_factor=3, max_resource=9)", p.toString());
        assertEquals(3, ((HyperbandPruner) p).brackets(9));
    }
}
