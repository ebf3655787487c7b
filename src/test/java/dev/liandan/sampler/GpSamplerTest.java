package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.space.CategoricalParam;
import dev.liandan.core.Direction;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpSamplerTest {

    private static final Space UNIT = new Space(List.of(new FloatParam("x", 0, 1, false, null, Optional.empty(), null)));

    /** Two floats, an integer and a categorical: the kinds of input the model encodes. */
    private static final Space MIXED = new Space(List.of(
            new FloatParam("a", -5, 5, false, null, Optional.empty(), null),
            new FloatParam("lr", 1e-4, 1, true, null, Optional.empty(), null),
            new IntParam("n", 1, 8, false, 1, Optional.empty(), null),
            new CategoricalParam("c", List.of("p", "q", "r"), Optional.empty(), null)));

    private static double mixedValue(Map<String, Object> c) {
        double a = (Double) c.get("a");
        double lr = Math.log10((Double) c.get("lr"));
        long n = (Long) c.get("n");
        return Math.pow(a - 1, 2) + Math.pow(lr + 2, 2) + 0.1 * Math.abs(n - 5) + ("q".equals(c.get("c")) ? 0 : 1);
    }

    @Test
    void sameSeedAndHistorySameProposalsAndOtherSeedOthers() {
        List<Observation> a = TpeSamplerTest.minimise(new GpSampler(), MIXED, GpSamplerTest::mixedValue, 5, 16);
        List<Observation> b = TpeSamplerTest.minimise(new GpSampler(), MIXED, GpSamplerTest::mixedValue, 5, 16);
        assertEquals(a, b);
        List<Observation> other = TpeSamplerTest.minimise(new GpSampler(), MIXED, GpSamplerTest::mixedValue, 6, 16);
        assertNotEquals(a.get(15).params(), other.get(15).params());
        // a worker that only sees the stored history proposes the same point
        SampleRequest r = new SampleRequest(MIXED, a.subList(0, 15), Direction.MINIMIZE, 5, 15);
        assertEquals(a.get(15).params(), new GpSampler().sample(r).orElseThrow());
    }

    @Test
    void concentratesAtTheMinimumOfAQuadratic() {
        for (long seed : new long[]{1, 2, 3}) {
            List<Observation> h = TpeSamplerTest.minimise(new GpSampler(), UNIT,
                    c -> Math.pow((Double) c.get("x") - 0.3, 2), seed, 25);
            for (Observation o : h.subList(20, 25)) {
                assertEquals(0.3, (Double) o.params().get("x"), 0.05, "seed " + seed);
            }
        }
    }

    @Test
    void findsTheMinimumOfAMixedSpaceAndStaysInside() {
        List<Observation> h = TpeSamplerTest.minimise(new GpSampler(), MIXED, GpSamplerTest::mixedValue, 3, 40);
        for (Observation o : h) {
            MIXED.searchable().forEach(p -> assertTrue(p.contains(o.params().get(p.name())), o.toString()));
        }
        double best = h.stream().mapToDouble(Observation::value).min().orElseThrow();
        assertTrue(best < 0.1, "best " + best);
        // the model's trials, after the 10 random ones, mostly pick the right category
        long q = h.subList(20, 40).stream().filter(o -> "q".equals(o.params().get("c"))).count();
        assertTrue(q >= 15, "q chosen " + q + " times of 20");
    }

    @Test
    void startUpTrialsAreTheRandomSamplers() {
        List<Observation> h = TpeSamplerTest.minimise(new GpSampler(), MIXED, GpSamplerTest::mixedValue, 4, 11);
        for (int i = 0; i < 10; i++) {
            SampleRequest r = new SampleRequest(MIXED, h.subList(0, i), Direction.MINIMIZE, 4, i);
            assertEquals(new RandomSampler().sample(r).orElseThrow(), h.get(i).params());
        }
        SampleRequest eleventh = new SampleRequest(MIXED, h.subList(0, 10), Direction.MINIMIZE, 4, 10);
        assertNotEquals(new RandomSampler().sample(eleventh).orElseThrow(), h.get(10).params());
        // with startup_trials 3 the model takes over at the fourth trial
        Sampler early = new GpSampler().configure(Map.of("startup_trials", 3L));
        SampleRequest fourth = new SampleRequest(MIXED, h.subList(0, 3), Direction.MINIMIZE, 4, 3);
        assertNotEquals(new RandomSampler().sample(fourth).orElseThrow(), early.sample(fourth).orElseThrow());
    }

    @Test
    void maximisingIsMinimisingTheNegation() {
        List<Observation> h = TpeSamplerTest.minimise(new GpSampler(), MIXED, GpSamplerTest::mixedValue, 7, 14);
        List<Observation> negated = h.stream().map(o -> new Observation(o.number(), o.params(), o.state(),
                -o.value(), List.of())).toList();
        assertEquals(new GpSampler().sample(new SampleRequest(MIXED, h, Direction.MINIMIZE, 7, 14)),
                new GpSampler().sample(new SampleRequest(MIXED, negated, Direction.MAXIMIZE, 7, 14)));
    }

    @Test
    void prunedAndFailedTrialsAreLeftOut() {
        List<Observation> h = TpeSamplerTest.minimise(new GpSampler(), UNIT,
                c -> Math.pow((Double) c.get("x") - 0.3, 2), 8, 15);
        Map<String, Object> next = new GpSampler().sample(new SampleRequest(UNIT, h, Direction.MINIMIZE, 8, 15))
                .orElseThrow();
        List<Observation> more = new ArrayList<>(h);
        more.add(new Observation(15, Map.of("x", 0.9), TrialState.PRUNED, -100.0, List.of(-100.0)));
        more.add(new Observation(16, Map.of("x", 0.1), TrialState.FAILED, null, List.of()));
        assertEquals(next, new GpSampler().sample(new SampleRequest(UNIT, more, Direction.MINIMIZE, 8, 15))
                .orElseThrow());
    }

    @Test
    void prunedTrialsJoinAtTheirValueWhenAsked() {
        // the quadratic's minimum at 0.3 is known from 15 trials; five trials stopped around it scored badly
        List<Observation> h = new ArrayList<>(TpeSamplerTest.minimise(new GpSampler(), UNIT,
                c -> Math.pow((Double) c.get("x") - 0.3, 2), 8, 15));
        for (int i = 0; i < 5; i++) {
            h.add(new Observation(15 + i, Map.of("x", 0.26 + 0.02 * i), TrialState.PRUNED, 1.0, List.of(1.0)));
        }
        SampleRequest r = new SampleRequest(UNIT, h, Direction.MINIMIZE, 8, 20);
        double ignoring = (Double) new GpSampler().sample(r).orElseThrow().get("x");
        double learning = (Double) new GpSampler().configure(Map.of("pruned_trials", true)).sample(r).orElseThrow().get("x");
        assertTrue(Math.abs(ignoring - 0.3) < 0.05, "without them the model proposes the minimum: " + ignoring);
        assertTrue(learning < 0.25 || learning > 0.35, "with them it proposes elsewhere: " + learning);
    }

    @Test
    void aRunningTrialIsBelievedAtTheModelsMean() {
        // a wavy function after 12 trials (seed 5), where the model is still unsure of the basin it proposes
        List<Observation> h = TpeSamplerTest.minimise(new GpSampler(), UNIT,
                c -> Math.sin(13 * (Double) c.get("x")) + (Double) c.get("x"), 5, 12);
        Map<String, Object> next = new GpSampler().sample(new SampleRequest(UNIT, h, Direction.MINIMIZE, 5, 12))
                .orElseThrow();
        // another worker is busy at that very point: this one is sent elsewhere, unless believers are off
        List<Observation> busy = new ArrayList<>(h);
        busy.add(new Observation(12, next, TrialState.RUNNING, null, List.of()));
        SampleRequest r = new SampleRequest(UNIT, busy, Direction.MINIMIZE, 5, 12);
        double elsewhere = (Double) new GpSampler().sample(r).orElseThrow().get("x");
        assertTrue(Math.abs(elsewhere - (Double) next.get("x")) > 0.1, next + " then " + elsewhere);
        assertEquals(next, new GpSampler().configure(Map.of("kriging_believer", false)).sample(r).orElseThrow());
    }

    @Test
    void optionsAreChecked() {
        OptionError e = assertThrows(OptionError.class, () -> new GpSampler().configure(Map.of("candidate", 10L)));
        assertEquals("candidate", e.key());
        assertTrue(e.getMessage().contains("startup_trials, candidates, local_starts, restarts, max_history, "
                + "kriging_believer, pruned_trials"), e.getMessage());
        assertEquals("candidates", assertThrows(OptionError.class,
                () -> new GpSampler().configure(Map.of("candidates", 0L))).key());
        assertEquals("max_history", assertThrows(OptionError.class,
                () -> new GpSampler().configure(Map.of("max_history", 2.5))).key());
        assertEquals("kriging_believer", assertThrows(OptionError.class,
                () -> new GpSampler().configure(Map.of("kriging_believer", "yes"))).key());
        assertEquals("gp", new GpSampler().configure(Map.of("candidates", 50L, "restarts", 1L)).name());
    }

    @Test
    void longHistoriesAreCutToTheBestHalfAndTheMostRecent() {
        List<Double> ys = List.of(5.0, 0.0, 9.0, 1.0, 8.0, 7.0, 6.0, 2.0);
        // max 4: the best two (indices 1 and 3), then the two most recent of the rest (6 and 7)
        assertArrayEquals(new int[]{1, 3, 6, 7}, GpSampler.kept(ys, 4));
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7}, GpSampler.kept(ys, 8));
    }

    /**
     * The posterior on a hand-made data set with fixed hyperparameters (two numeric inputs and a
     * categorical one), against numpy: K = s² Matérn52(r) + (noise + 1e-6) I with
     * r² = Σ dᵢ²/ℓᵢ² (d = 1 for different categories), mean = k*ᵀ K⁻¹ y, var = s² - k*ᵀ K⁻¹ k*.
     */
    @Test
    void posteriorMatchesNumpy() {
        double[][] x = {{0.1, 0.2, 0}, {0.5, 0.9, 1}, {0.8, 0.4, 0}, {0.3, 0.7, 2}};
        boolean[] categorical = {false, false, true};
        double[] y = {0.5, -1.2, 0.3, 0.9};
        GaussianProcess gp = GaussianProcess.of(x, categorical, y,
                new GaussianProcess.Hyper(new double[]{0.3, 0.5, 0.8}, 1.7, 0.01));
        assertArrayEquals(new double[]{0.26969224717804974, 1.0964734166702192}, gp.predict(new double[]{0.4, 0.5, 0}),
                1e-9);
        assertArrayEquals(new double[]{0.12436667453551709, 1.530732506626196}, gp.predict(new double[]{0.9, 0.1, 2}),
                1e-9);
    }

    /** log h(z) = log(φ(z) + zΦ(z)) against scipy (erfc, erfcx) and, far in the tail, Mills' ratio series. */
    @Test
    void logExpectedImprovementIsStableFarIntoTheTail() {
        double[] z = {3.0, 0.0, -0.5, -2.0, -7.5, -30.0, -1500.0, -1e6};
        double[] expected = {1.0987396653277077, -0.9189385332046727, -1.62051626438732, -4.768783523917116,
                -33.1240943455347, -457.72465376059796, -1125015.5453806408, -500000000028.55};
        for (int i = 0; i < z.length; i++) {
            assertEquals(expected[i], GaussianProcess.logH(z[i]), 1e-12 * Math.max(1, Math.abs(expected[i])), "z " + z[i]);
        }
        // EI = σ h(z): log σ added
        assertEquals(Math.log(2) + GaussianProcess.logH(-1.5), GaussianProcess.logExpectedImprovement(3, 4, 0), 1e-12);
    }

    /** The likelihood's analytic gradient against central differences. */
    @Test
    void likelihoodGradientIsTheDerivative() {
        SplittableRandom rng = new SplittableRandom(2);
        double[][] x = new double[12][];
        double[] y = new double[12];
        for (int a = 0; a < x.length; a++) {
            x[a] = new double[]{rng.nextDouble(), rng.nextDouble(), rng.nextInt(3)};
            y[a] = Math.sin(6 * x[a][0]) + x[a][1] * x[a][1] + 0.3 * x[a][2];
        }
        GaussianProcess.Likelihood f = new GaussianProcess.Likelihood(x, new boolean[]{false, false, true},
                GpSampler.standardised(y));
        double[] theta = {-1.1, -0.4, 0.2, 0.3, -5};
        double[] g = new double[theta.length];
        f.value(theta, g);
        for (int i = 0; i < theta.length; i++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[i] += 1e-5;
            down[i] -= 1e-5;
            double numeric = (f.value(up, null) - f.value(down, null)) / 2e-5;
            assertEquals(numeric, g[i], 1e-5 * Math.max(1, Math.abs(numeric)), "parameter " + i + " " + Arrays.toString(g));
        }
    }
}
