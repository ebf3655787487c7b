package dev.liandan.sampler;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.space.FloatParam;
import dev.liandan.space.Param;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NSGA-II on ZDT1 (Zitzler, Deb, Thiele 2000), whose Pareto front f2 = 1 - sqrt(f1) is known. */
class Nsga2SamplerTest {
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

    /** Runs {@code trials} sequential asks and tells; returns the objective vectors in trial order. */
    private static List<double[]> run(Sampler sampler, long seed, int trials) {
        Space space = space();
        List<Observation> history = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            SampleRequest request = new SampleRequest(space, List.copyOf(history), Direction.MINIMIZE, seed, i, MIN_MIN);
            Map<String, Object> p = sampler.sample(request).orElseThrow();
            double[] f = zdt1(p);
            points.add(f);
            history.add(new Observation(i, p, TrialState.COMPLETE, f[0], List.of(), List.of(f[0], f[1])));
        }
        return points;
    }

    @Test
    void theSameSeedGivesTheSameTrials() {
        Sampler nsga = new Nsga2Sampler().configure(Map.of("population", 10L));
        List<double[]> a = run(nsga, 7, 40);
        List<double[]> b = run(nsga, 7, 40);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i)[0], b.get(i)[0]);
            assertEquals(a.get(i)[1], b.get(i)[1]);
        }
        assertNotEquals(a.get(30)[1], run(nsga, 8, 40).get(30)[1], "another seed, other trials");
    }

    @Test
    void itsFrontIsCloserToZdt1sThanRandomSearchAtEqualTrials() {
        double[] reference = {1.1, 1.1 * 10};
        int wins = 0;
        for (long seed = 1; seed <= 5; seed++) {
            double nsga = Pareto.hypervolume2d(run(new Nsga2Sampler(), seed, 200), reference, MIN_MIN);
            double random = Pareto.hypervolume2d(run(new RandomSampler(), seed, 200), reference, MIN_MIN);
            if (nsga > random) {
                wins++;
            }
        }
        assertEquals(5, wins, "NSGA-II beats random search on every seed");
        // and comes near the true front: the best f2 at f1 about 0.25 is close to 1 - sqrt(0.25) = 0.5
        List<double[]> points = run(new Nsga2Sampler(), 1, 400);
        double bestGap = Double.POSITIVE_INFINITY;
        for (double[] p : points) {
            bestGap = Math.min(bestGap, p[1] - (1 - Math.sqrt(p[0])));
        }
        assertTrue(bestGap < 0.3, "closest point to the true front: " + bestGap);
    }

    @Test
    void constrainedDominationSteersProposalsIntoTheFeasibleRegion() {
        // ZDT1 with the constraint f1 >= 0.6: violation max(0, 0.6 - f1)
        int feasibleNsga = 0;
        int feasibleRandom = 0;
        for (Sampler sampler : List.of(new Nsga2Sampler(), new RandomSampler())) {
            Space space = space();
            List<Observation> history = new ArrayList<>();
            int feasible = 0;
            for (int i = 0; i < 200; i++) {
                Map<String, Object> p = sampler.sample(new SampleRequest(space, List.copyOf(history), Direction.MINIMIZE,
                        3, i, MIN_MIN)).orElseThrow();
                double[] f = zdt1(p);
                double violation = Math.max(0, 0.6 - f[0]);
                if (i >= 100 && violation == 0) {
                    feasible++;
                }
                history.add(new Observation(i, p, TrialState.COMPLETE, f[0], List.of(), List.of(f[0], f[1]), violation));
            }
            if (sampler instanceof Nsga2Sampler) {
                feasibleNsga = feasible;
            } else {
                feasibleRandom = feasible;
            }
        }
        assertTrue(feasibleNsga > 80, "NSGA-II's later proposals are feasible: " + feasibleNsga + " of 100");
        assertTrue(feasibleNsga > feasibleRandom + 20, "random: " + feasibleRandom + ", NSGA-II: " + feasibleNsga);
    }

    @Test
    void paretoRanksAndHypervolumeOnAKnownSet() {
        List<double[]> pts = List.of(new double[]{1, 3}, new double[]{2, 1}, new double[]{2, 3}, new double[]{3, 4});
        int[] ranks = Pareto.ranks(pts, MIN_MIN);
        assertEquals(List.of(0, 0, 1, 2), java.util.Arrays.stream(ranks).boxed().toList());
        // the union of [1,4]x[3,4] and [2,4]x[1,4]: 3 + 6 - 2
        assertEquals(7.0, Pareto.hypervolume2d(pts, new double[]{4, 4}, MIN_MIN), 1e-12);
        // maximising the first objective flips who dominates
        assertTrue(Pareto.dominates(new double[]{3, 1}, new double[]{2, 1}, List.of(Direction.MAXIMIZE, Direction.MINIMIZE)));
    }

    @Test
    void aSamplerOfOneObjectiveSaysSo() {
        assertTrue(new Nsga2Sampler().severalObjectives());
        assertTrue(new RandomSampler().severalObjectives());
        assertTrue(new TpeSampler().severalObjectives(), "tpe is MOTPE with several objectives");
        assertTrue(!new CmaEsSampler().severalObjectives());
    }
}
