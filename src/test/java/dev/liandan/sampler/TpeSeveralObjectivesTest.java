package dev.liandan.sampler;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.space.FloatParam;
import dev.liandan.space.Param;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TPE with several objectives (MOTPE): reproducible, a better front than random search on ZDT1
 * (Zitzler, Deb, Thiele 2000), feasible first under constraints, and conditional and categorical
 * parameters as in one objective; and the split it rests on, {@link ParetoSplit}.
 */
class TpeSeveralObjectivesTest {
    private static final int D = 6;
    private static final List<Direction> MIN_MIN = List.of(Direction.MINIMIZE, Direction.MINIMIZE);

    private static Space space() {
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < D; i++) {
            params.add(new FloatParam("x" + i, 0, 1, false, null, Optional.empty(), null));
        }
        return new Space(params);
    }

    private static double[] zdt1(Map<String, Object> p) {
        double f1 = ((Number) p.get("x0")).doubleValue();
        double g = 0;
        for (int i = 1; i < D; i++) {
            g += ((Number) p.get("x" + i)).doubleValue();
        }
        g = 1 + 9 * g / (D - 1);
        return new double[]{f1, g * (1 - Math.sqrt(f1 / g))};
    }

    /** Sequential asks and tells of a two-objective study; the objective vectors in trial order. */
    private static List<double[]> run(Sampler sampler, Space space, Function<Map<String, Object>, double[]> f,
                                      Function<double[], Double> violation, List<Direction> directions, long seed,
                                      int trials) {
        List<Observation> history = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            SampleRequest request = new SampleRequest(space, List.copyOf(history), directions.get(0), seed, i, directions);
            Map<String, Object> p = sampler.sample(request).orElseThrow();
            double[] v = f.apply(p);
            points.add(v);
            List<Double> values = Arrays.stream(v).boxed().toList();
            history.add(new Observation(i, p, TrialState.COMPLETE, v[0], List.of(), values, violation.apply(v)));
        }
        return points;
    }

    private static List<double[]> zdt1Run(Sampler sampler, long seed, int trials) {
        return run(sampler, space(), TpeSeveralObjectivesTest::zdt1, v -> 0.0, MIN_MIN, seed, trials);
    }

    @Test
    void theSameSeedGivesTheSameTrials() {
        List<double[]> a = zdt1Run(new TpeSampler(), 7, 40);
        List<double[]> b = zdt1Run(new TpeSampler(), 7, 40);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        assertNotEquals(a.get(30)[1], zdt1Run(new TpeSampler(), 8, 40).get(30)[1], "another seed, other trials");
    }

    @Test
    void itsFrontOnZdt1HasMoreHypervolumeThanRandomSearchOnEverySeed() {
        double[] reference = {1.1, 11};
        double[] motpe = new double[5];
        double[] random = new double[5];
        for (int s = 0; s < 5; s++) {
            motpe[s] = Hypervolume.of(zdt1Run(new TpeSampler(), s + 1, 100), reference);
            random[s] = Hypervolume.of(zdt1Run(new RandomSampler(), s + 1, 100), reference);
            assertTrue(motpe[s] > random[s] + 0.3, "seed " + (s + 1) + ": MOTPE " + motpe[s] + ", random " + random[s]);
        }
    }

    @Test
    void maximisedObjectivesAreTurnedAround() {
        // the same ZDT1 with the second objective negated and maximised: the same search, trial for trial
        List<Direction> minMax = List.of(Direction.MINIMIZE, Direction.MAXIMIZE);
        List<double[]> flipped = run(new TpeSampler(), space(), p -> {
            double[] v = zdt1(p);
            return new double[]{v[0], -v[1]};
        }, v -> 0.0, minMax, 3, 30);
        List<double[]> plain = zdt1Run(new TpeSampler(), 3, 30);
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(plain.get(i)[1], -flipped.get(i)[1]);
        }
    }

    @Test
    void constraintsSteerTheSearchToTheFeasibleFront() {
        // ZDT1 with the constraint f1 >= 0.6, which cuts off most of the front that MOTPE goes for unconstrained
        Function<double[], Double> violation = v -> Math.max(0, 0.6 - v[0]);
        List<double[]> constrained = run(new TpeSampler(), space(), TpeSeveralObjectivesTest::zdt1, violation, MIN_MIN, 3,
                200);
        List<double[]> blind = run(new TpeSampler(), space(), TpeSeveralObjectivesTest::zdt1, v -> 0.0, MIN_MIN, 3, 200);
        List<double[]> random = run(new RandomSampler(), space(), TpeSeveralObjectivesTest::zdt1, violation, MIN_MIN, 3,
                200);
        assertTrue(feasibleLater(constrained) > feasibleLater(blind) + 20, "feasible among trials 100..199: with the"
                + " constraint " + feasibleLater(constrained) + ", without " + feasibleLater(blind));
        double[] reference = {1.1, 11};
        double hvConstrained = Hypervolume.of(feasible(constrained), reference);
        double hvRandom = Hypervolume.of(feasible(random), reference);
        assertTrue(hvConstrained > hvRandom + 0.3, "hypervolume of the feasible trials: MOTPE " + hvConstrained
                + ", random " + hvRandom);
    }

    private static int feasibleLater(List<double[]> points) {
        int n = 0;
        for (int i = 100; i < points.size(); i++) {
            n += points.get(i)[0] >= 0.6 ? 1 : 0;
        }
        return n;
    }

    private static List<double[]> feasible(List<double[]> points) {
        return points.stream().filter(p -> p[0] >= 0.6).toList();
    }

    @Test
    void conditionalAndCategoricalParametersAreSearchedAsWithOneObjective() {
        Space space = SamplerTestSpaces.mixed();
        List<double[]> points = run(new TpeSampler(), space, p -> {
            double lr = ((Number) p.get("base_lr")).doubleValue();
            double layers = ((Number) p.get("layers")).doubleValue();
            double penalty = "nesterov".equals(p.get("optimizer")) ? 1 - ((Number) p.get("momentum")).doubleValue() : 0.5;
            assertEquals("nesterov".equals(p.get("optimizer")), p.containsKey("momentum"), p.toString());
            return new double[]{Math.abs(Math.log10(lr) + 2) + penalty, layers};
        }, v -> 0.0, MIN_MIN, 5, 40);
        assertEquals(40, points.size());
    }

    @Test
    void theSplitTakesWholeFrontsThenTheLargestHypervolumeGains() {
        List<double[]> losses = List.of(
                new double[]{0, 10}, new double[]{1, 5}, new double[]{5, 1}, new double[]{10, 0},   // front 1
                new double[]{2, 9}, new double[]{9, 2}, new double[]{6, 6},                        // front 2
                new double[]{20, 20});
        double[] feasible = new double[losses.size()];
        ParetoSplit.Split four = ParetoSplit.of(losses, feasible, 4);
        assertArrayEquals(new boolean[]{true, true, true, true, false, false, false, false}, four.good());
        ParetoSplit.Split five = ParetoSplit.of(losses, feasible, 5);
        // of front 2 the point (6, 6) adds the most hypervolume up to (9.9, 9.9)
        assertArrayEquals(new boolean[]{true, true, true, true, false, false, true, false}, five.good());
        // weights: the largest contribution 1; the extremes (0, 10), (10, 0) hold little up to (11, 11)
        double max = Arrays.stream(four.weights()).max().orElseThrow();
        assertEquals(1.0, max, 1e-12);
        assertTrue(four.weights()[1] > four.weights()[0], Arrays.toString(four.weights()));
        assertEquals(0, four.weights()[7]);
        // constraints: two feasible trials, the rest by violation
        double[] violation = {0, 3, 0, 1, 2, 5, 4, 0.5};
        ParetoSplit.Split constrained = ParetoSplit.of(losses, violation, 4);
        assertArrayEquals(new boolean[]{true, false, true, true, false, false, false, true}, constrained.good());
        assertEquals(ParetoSplit.EPS, constrained.weights()[3]);
        assertFalse(constrained.weights()[0] < 0.5 && constrained.weights()[2] < 0.5);
    }
}
