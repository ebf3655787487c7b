package dev.liandan.sampler;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Parzen estimator against Optuna 3.1.0's {@code _ParzenEstimator.log_pdf} on hand-made
 * observations. The expected numbers were computed with Optuna 3.1.0 (TPESampler's defaults:
 * consider_prior, prior_weight 1, magic clip, no endpoints, default_weights) on
 * FloatDistribution(0, 1) parameters, so unit values equal Optuna's:
 * <pre>
 * p = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, multivariate)
 * _ParzenEstimator({"x": np.array(BELOW)}, {"x": FloatDistribution(0, 1)}, p).log_pdf({"x": np.array(XS)})
 * </pre>
 * (multivariate False, then True; the joint case adds "b": FloatDistribution(0, 1) and
 * "c": CategoricalDistribution(["p", "q", "r"]) with the observations below).
 */
class ParzenEstimatorTest {
    private static final double[] BELOW = {0.1, 0.35, 0.4, 0.8};
    private static final double[] ABOVE = {0.37, 0.74, 0.11, 0.48, 0.85, 0.22, 0.59, 0.96, 0.33, 0.7, 0.07, 0.44,
            0.81, 0.18, 0.55, 0.92, 0.29, 0.66, 0.03, 0.4, 0.77, 0.14, 0.51, 0.88, 0.25, 0.62, 0.99, 0.36, 0.73, 0.1};
    private static final double[] XS = {0.0, 0.13, 0.5, 0.77, 1.0};

    /** Points of one dimension, one row per point. */
    private static double[][] points(double... v) {
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = new double[]{v[i]};
        }
        return out;
    }

    private static double[] logDensity(double[] obs, boolean multivariate, boolean bandwidthWeighted, double[][] xs,
                                       int... choices) {
        // one dimension: the observations form its single column
        return new ParzenEstimator(new double[][]{obs}, TpeSampler.weights(obs.length), choices.length == 0 ? new int[]{0} : choices,
                1.0, multivariate, bandwidthWeighted).logDensity(xs);
    }

    @Test
    void univariateDensityIsOptuna31s() {
        assertArrayEquals(new double[]{-1.0888312358510437, -0.9033060645547548, -0.8043667988593814,
                -1.0813509025948869, -1.2980158820144083}, logDensity(BELOW, false, true, points(XS)), 1e-9);
        // 30 observations: the oldest five fade (Optuna's ramp), the neighbour bandwidths are clipped at 1/32
        assertArrayEquals(new double[]{-3.0146631556493686, -2.584566348160818, -2.6293658128203656,
                -2.63512601957576, -2.725280808708396}, logDensity(ABOVE, false, true, points(XS)), 1e-9);
    }

    @Test
    void scottBandwidthDensityIsOptuna31s() {
        assertArrayEquals(new double[]{-1.2406841253822831, -1.0259940447418001, -1.0390949146072328,
                -1.2043175908330834, -1.4787016389074115}, logDensity(BELOW, true, true, points(XS)), 1e-9);
        assertArrayEquals(new double[]{-2.3595954005319433, -1.9676878939924072, -2.045441523596647,
                -1.970025442124944, -2.2267178296730696}, logDensity(ABOVE, true, true, points(XS)), 1e-9);
    }

    @Test
    void jointDensityWithAChoiceIsOptuna31s() {
        double[] b2 = {0.9, 0.2, 0.6, 0.3};
        int[] catBelow = {0, 2, 0, 1};
        double[] a2 = {0.61, 0.22, 0.83, 0.44, 0.05, 0.66, 0.27, 0.88, 0.49, 0.1, 0.71, 0.32, 0.93, 0.54, 0.15, 0.76,
                0.37, 0.98, 0.59, 0.2, 0.81, 0.42, 0.03, 0.64, 0.25, 0.86, 0.47, 0.08, 0.69, 0.3};
        double[][] below = {BELOW, b2, new double[4]};
        for (int i = 0; i < 4; i++) {
            below[2][i] = (catBelow[i] + 0.5) / 3;
        }
        double[][] above = {ABOVE, a2, new double[30]};
        for (int i = 0; i < 30; i++) {
            above[2][i] = (i % 3 + 0.5) / 3;
        }
        double[][] xs = {{0.0, 0.5, 0.5 / 3}, {0.13, 0.9, 1.5 / 3}, {0.5, 0.25, 2.5 / 3}, {0.77, 1.0, 0.5 / 3}};
        int[] choices = {0, 0, 3};
        assertArrayEquals(new double[]{-2.6997644537391663, -2.6588803159940158, -2.420189189886453, -2.785462319910219},
                new ParzenEstimator(below, TpeSampler.weights(4), choices, 1.0, true, true).logDensity(xs), 1e-9);
        assertArrayEquals(new double[]{-3.886898713840754, -4.335042064078967, -3.8659653164411805, -4.020595894792447},
                new ParzenEstimator(above, TpeSampler.weights(30), choices, 1.0, true, true).logDensity(xs), 1e-9);
    }

    @Test
    void theNormalisedMixtureIntegratesToOne() {
        for (double[] obs : new double[][]{BELOW, ABOVE}) {
            int steps = 20_000;
            double[] grid = new double[steps];
            for (int i = 0; i < steps; i++) {
                grid[i] = (i + 0.5) / steps;
            }
            double sum = 0;
            for (double v : logDensity(obs, false, false, points(grid))) {
                sum += Math.exp(v) / steps;
            }
            assertEquals(1.0, sum, 1e-6);
        }
    }

    /**
     * Draws near both ends (the inverse CDF is taken from the nearer tail) have the mixture's mean:
     * kernels N(0.02, 0.48) and N(0.97, 0.48) truncated to [0, 1] (their neighbour bandwidths) and the
     * prior N(0.5, 1), equally weighted, whose truncated means are known in closed form.
     */
    @Test
    void drawsHaveTheMixturesMean() {
        ParzenEstimator pe = new ParzenEstimator(new double[][]{{0.02, 0.97}}, new double[]{1, 1}, new int[]{0}, 1.0,
                false, true);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        int draws = 200_000;
        double sum = 0;
        for (int i = 0; i < draws; i++) {
            double x = pe.sample(rng)[0];
            assertTrue(x >= 0 && x <= 1);
            sum += x;
        }
        // sorted means 0.02, 0.5, 0.97: the outer kernels take their inner gaps, 0.48 and 0.47
        double expected = (truncatedMean(0.02, 0.48) + truncatedMean(0.97, 0.47) + truncatedMean(0.5, 1)) / 3;
        assertEquals(expected, sum / draws, 0.003);
    }

    /**
     * TPE's pick through {@code logDensityForArgmax} is the pick over the exact log densities: on
     * clustered histories like TPE's own (where the candidates' ratios are close), for a spread
     * one, with and without bandwidth weighting, the values it gives are logDensity's bit for bit,
     * and every point it leaves out (+infinity) has a ratio below the best.
     */
    @Test
    void theArgmaxShortcutPicksWhatTheExactDensitiesPick() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        int exactPoints = 0;
        int points = 0;
        for (int round = 0; round < 200; round++) {
            int n = 5 + rng.nextInt(1500);
            double spread = round % 3 == 0 ? 1 : 0.05;
            double centre = rng.nextDouble();
            double[] good = new double[25];
            double[] bad = new double[n];
            for (int i = 0; i < good.length; i++) {
                good[i] = Math.min(1, Math.max(0, centre + spread * 0.3 * (rng.nextDouble() - 0.5)));
            }
            for (int i = 0; i < n; i++) {
                // ties and exact repeats too, as rounded integer parameters give
                bad[i] = i % 7 == 0 ? good[i % good.length]
                        : Math.min(1, Math.max(0, centre + spread * (rng.nextDouble() - 0.5)));
            }
            boolean weighted = round % 2 == 0;
            ParzenEstimator l = new ParzenEstimator(new double[][]{good}, TpeSampler.weights(good.length), new int[]{0},
                    1.0, false, weighted);
            ParzenEstimator g = new ParzenEstimator(new double[][]{bad}, TpeSampler.weights(n), new int[]{0}, 1.0,
                    false, weighted);
            double[][] xs = new double[24][];
            for (int j = 0; j < xs.length; j++) {
                xs[j] = l.sample(rng);
            }
            double[] logL = l.logDensity(xs);
            double[] exact = g.logDensity(xs);
            double[] shortcut = g.logDensityForArgmax(xs, logL);
            int pickExact = 0;
            int pickShortcut = 0;
            for (int j = 1; j < xs.length; j++) {
                pickExact = logL[j] - exact[j] > logL[pickExact] - exact[pickExact] ? j : pickExact;
                pickShortcut = logL[j] - shortcut[j] > logL[pickShortcut] - shortcut[pickShortcut] ? j : pickShortcut;
            }
            assertEquals(pickExact, pickShortcut, "round " + round);
            for (int j = 0; j < xs.length; j++) {
                points++;
                if (shortcut[j] == Double.POSITIVE_INFINITY) {
                    assertTrue(logL[j] - exact[j] < logL[pickExact] - exact[pickExact], "round " + round + " point " + j);
                } else {
                    exactPoints++;
                    assertEquals(Double.doubleToLongBits(exact[j]), Double.doubleToLongBits(shortcut[j]),
                            "round " + round + " point " + j);
                }
            }
        }
        // the shortcut is taken: most points are left out
        assertTrue(exactPoints < points / 2, exactPoints + " of " + points + " points evaluated exactly");
    }

    /** E[X] for X ~ N(mu, sigma) truncated to [0, 1]: mu + sigma (phi(a) - phi(b)) / (Phi(b) - Phi(a)). */
    private static double truncatedMean(double mu, double sigma) {
        double a = -mu / sigma;
        double b = (1 - mu) / sigma;
        org.apache.commons.math3.distribution.NormalDistribution n = new org.apache.commons.math3.distribution.NormalDistribution();
        return mu + sigma * (n.density(a) - n.density(b)) / (n.cumulativeProbability(b) - n.cumulativeProbability(a));
    }
}
