package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.space.CategoricalParam;
import dev.liandan.core.Direction;
import dev.liandan.space.FloatParam;
import dev.liandan.space.Space;
import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TpeSamplerTest {

    private static final Space LINE = new Space(List.of(new FloatParam("x", 0, 10, false, null, Optional.empty(), null)));

    /** Sequential ask/tell: each proposal is evaluated and told before the next ask. */
    static List<Observation> minimise(Sampler sampler, Space space, ToDoubleFunction<Map<String, Object>> f,
                                      long seed, int trials) {
        List<Observation> history = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            Map<String, Object> c = sampler.sample(new SampleRequest(space, List.copyOf(history), Direction.MINIMIZE,
                    seed, i)).orElseThrow();
            history.add(new Observation(i, c, TrialState.COMPLETE, f.applyAsDouble(c), List.of()));
        }
        return history;
    }

    private static double x(Observation o) {
        return (Double) o.params().get("x");
    }

    @Test
    void concentratesNearTheOptimumOfAQuadratic() {
        for (long seed : new long[]{1, 2, 3}) {
            List<Observation> h = minimise(new TpeSampler(), LINE, c -> Math.pow((Double) c.get("x") - 3.7, 2), seed, 60);
            double[] last = h.subList(40, 60).stream().mapToDouble(TpeSamplerTest::x).sorted().toArray();
            double median = (last[9] + last[10]) / 2;
            assertEquals(3.7, median, 0.1, "seed " + seed + ": " + Arrays.toString(last));
        }
    }

    @Test
    void startUpTrialsAreTheRandomSamplersAndThenTheModelTakesOver() {
        Sampler random = new RandomSampler();
        List<Observation> h = minimise(new TpeSampler(), LINE, c -> (Double) c.get("x"), 4, 12);
        for (int i = 0; i < 10; i++) {
            SampleRequest r = new SampleRequest(LINE, h.subList(0, i), Direction.MINIMIZE, 4, i);
            assertEquals(random.sample(r).orElseThrow(), h.get(i).params());
        }
        SampleRequest eleventh = new SampleRequest(LINE, h.subList(0, 10), Direction.MINIMIZE, 4, 10);
        assertNotEquals(random.sample(eleventh).orElseThrow(), h.get(10).params());
    }

    @Test
    void maximisingIsMinimisingTheNegation() {
        List<Observation> h = minimise(new TpeSampler(), LINE, c -> -Math.pow((Double) c.get("x") - 3.7, 2), 1, 20);
        List<Observation> told = new ArrayList<>(h);
        SampleRequest max = new SampleRequest(LINE, told, Direction.MAXIMIZE, 1, 20);
        List<Observation> negated = h.stream().map(o -> new Observation(o.number(), o.params(), o.state(), -o.value(),
                List.of())).toList();
        SampleRequest min = new SampleRequest(LINE, negated, Direction.MINIMIZE, 1, 20);
        assertEquals(new TpeSampler().sample(min), new TpeSampler().sample(max));
    }

    @Test
    void prunedTrialsFeedTheModelAndFailedOnesDoNot() {
        List<Observation> h = minimise(new TpeSampler(), LINE, c -> Math.abs((Double) c.get("x") - 2), 5, 15);
        List<Observation> pruned = h.stream().map(o -> new Observation(o.number(), o.params(), TrialState.PRUNED,
                o.value(), List.of(o.value()))).toList();
        List<Observation> withFailed = new ArrayList<>(h);
        withFailed.add(new Observation(15, Map.of("x", 9.0), TrialState.FAILED, null, List.of()));
        TpeSampler tpe = new TpeSampler();
        Object a = tpe.sample(new SampleRequest(LINE, h, Direction.MINIMIZE, 5, 15));
        assertEquals(a, tpe.sample(new SampleRequest(LINE, pruned, Direction.MINIMIZE, 5, 15)));
        assertEquals(a, tpe.sample(new SampleRequest(LINE, withFailed, Direction.MINIMIZE, 5, 15)));
    }

    /**
     * Optuna 3.1's ranking: a COMPLETE trial before any PRUNED one, PRUNED ones by the epoch reached
     * and then by the value there. Two good regions, x = 2 (reached by pruned trials only, stopped
     * after one epoch) and x = 8 (complete trials, worse values): the model sides with the complete
     * ones, and with trials that went deeper when all are pruned.
     */
    @Test
    void completeTrialsRankBeforePrunedOnesAndDeeperPrunedOnesBeforeShallower() {
        List<Observation> h = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double x = 0.1 + 9.8 * ((i * 0.618034) % 1);
            boolean nearTwo = Math.abs(x - 2) < 1;
            double value = nearTwo ? 0.01 : Math.abs(x - 8);
            h.add(nearTwo ? new Observation(i, Map.of("x", x), TrialState.PRUNED, value, List.of(value))
                    : new Observation(i, Map.of("x", x), TrialState.COMPLETE, value, List.of(value, value)));
        }
        double towardsEight = 0;
        for (int k = 0; k < 20; k++) {
            towardsEight += x(new Observation(0, new TpeSampler().sample(new SampleRequest(LINE, h, Direction.MINIMIZE,
                    k, 30)).orElseThrow(), TrialState.COMPLETE, 0.0, List.of())) > 5 ? 1 : 0;
        }
        assertTrue(towardsEight >= 15, "proposals near the complete trials' optimum: " + towardsEight);
        // all pruned, the x = 8 ones after two epochs: they still lead
        List<Observation> allPruned = h.stream().map(o -> new Observation(o.number(), o.params(), TrialState.PRUNED,
                o.value(), o.intermediates())).toList();
        double deeper = 0;
        for (int k = 0; k < 20; k++) {
            deeper += x(new Observation(0, new TpeSampler().sample(new SampleRequest(LINE, allPruned,
                    Direction.MINIMIZE, k, 30)).orElseThrow(), TrialState.COMPLETE, 0.0, List.of())) > 5 ? 1 : 0;
        }
        assertTrue(deeper >= 15, "proposals near the deeper trials' optimum: " + deeper);
    }

    @Test
    void constantLiarPushesProposalsAwayFromRunningTrials() {
        // 20 finished trials spread over [0, 10]; the best are at 3.25 and 3.75
        List<Observation> h = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double x = 0.25 + 0.5 * i;
            h.add(new Observation(i, Map.of("x", x), TrialState.COMPLETE, Math.pow(x - 3.7, 2), List.of()));
        }
        Sampler plain = new TpeSampler();
        Sampler liar = new TpeSampler().configure(Map.of("constant_liar", true));
        // without RUNNING trials the liar changes nothing
        SampleRequest quiet = new SampleRequest(LINE, h, Direction.MINIMIZE, 2, 20);
        assertEquals(plain.sample(quiet), liar.sample(quiet));
        // eight workers are busy right where the good trials are
        for (int k = 0; k < 8; k++) {
            h.add(new Observation(20 + k, Map.of("x", 3.1 + 0.1 * k), TrialState.RUNNING, null, List.of()));
        }
        int plainInside = 0;
        int liarInside = 0;
        for (int i = 0; i < 40; i++) {
            SampleRequest busy = new SampleRequest(LINE, h, Direction.MINIMIZE, 2, 28 + i);
            double p = (Double) plain.sample(busy).orElseThrow().get("x");
            double l = (Double) liar.sample(busy).orElseThrow().get("x");
            plainInside += p > 3.0 && p < 4.0 ? 1 : 0;
            liarInside += l > 3.0 && l < 4.0 ? 1 : 0;
        }
        assertTrue(plainInside >= 20, "without the liar, proposals go where the running trials are: " + plainInside);
        assertTrue(liarInside <= plainInside / 2, "with the liar, fewer do: " + liarInside + " vs " + plainInside);
    }

    @Test
    void multivariateFindsTheValleyOfACorrelatedFunction() {
        Space plane = new Space(List.of(
                new FloatParam("a", -3, 3, false, null, Optional.empty(), null),
                new FloatParam("b", -3, 3, false, null, Optional.empty(), null),
                new CategoricalParam("c", List.of("x", "y", "z"), Optional.empty(), null)));
        ToDoubleFunction<Map<String, Object>> f = c -> Math.pow((Double) c.get("a") - 1, 2)
                + Math.pow((Double) c.get("b") + 1, 2) + ("y".equals(c.get("c")) ? 0 : 1);
        Sampler mv = new TpeSampler().configure(Map.of("multivariate", true));
        List<Observation> h = minimise(mv, plane, f, 3, 80);
        double best = h.stream().mapToDouble(Observation::value).min().orElseThrow();
        assertTrue(best < 0.1, "best " + best);
        long ys = h.subList(40, 80).stream().filter(o -> "y".equals(o.params().get("c"))).count();
        assertTrue(ys >= 25, "the good choice dominates later proposals: " + ys);
    }

    @Test
    void weightsFadeOldTrialsLikeOptuna() {
        assertEquals(List.of(1.0, 1.0), Arrays.stream(TpeSampler.weights(2)).boxed().toList());
        double[] w = TpeSampler.weights(30);
        assertEquals(1.0 / 30, w[0], 1e-12);
        assertEquals(1.0, w[4], 1e-12);
        assertEquals(1.0, w[29], 1e-12);
        assertTrue(w[1] > w[0] && w[2] > w[1]);
    }

    @Test
    void optionsAreCheckedByName() {
        Sampler tpe = new TpeSampler();
        OptionError e = assertThrows(OptionError.class, () -> tpe.configure(Map.of("gama", 0.2)));
        assertEquals("search.options.gama: unknown option of the tpe sampler: expected one of startup_trials, gamma,"
                + " candidates, multivariate, constant_liar, prior_weight, bandwidth_weighting", e.getMessage());
        UserError bad = assertThrows(UserError.class, () -> tpe.configure(Map.of("gamma", 2.0)));
        assertEquals("search.options.gamma: expected a number in (0.0, 1.0], got '2.0'", bad.getMessage());
        assertThrows(UserError.class, () -> tpe.configure(Map.of("multivariate", "yes please")));
        UserError random = assertThrows(UserError.class, () -> new RandomSampler().configure(Map.of("gamma", 0.2)));
        assertEquals("search.options.gamma: the random sampler takes no options", random.getMessage());
    }

    @Test
    void theGoodTrialsAreTheLowestScoresWithTiesToTheEarlierTrial() {
        double[] scores = {5, 1, 3, 1, 0, 3, 7};
        double[] complete = new double[7];
        assertEquals("[false, true, false, true, true, false, false]",
                Arrays.toString(TpeSampler.best(complete, scores, null, 3)));
        // trial 2 wins the tie at 3 over trial 5; inactive trials 1 and 4 do not count
        boolean[] active = {true, false, true, true, false, true, true};
        assertEquals("[false, false, true, true, false, false, false]",
                Arrays.toString(TpeSampler.best(complete, scores, active, 2)));
        assertEquals("[false, false, false, false, false, false, false]",
                Arrays.toString(TpeSampler.best(complete, scores, null, 0)));
        // the depth key comes first: trials 0 and 6 (deeper) beat every value of the others
        double[] depths = {-2, 0, 0, 0, 0, 0, -2};
        assertEquals("[true, false, false, false, true, false, true]",
                Arrays.toString(TpeSampler.best(depths, scores, null, 3)));
    }
}
