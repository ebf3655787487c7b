package dev.liandan.sampler;

import org.apache.commons.math3.special.Erf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Parzen estimator on the unit cube, as TPE (Bergstra et al. 2011) builds one from the "good" or
 * the "bad" trials: a weighted mixture with one kernel per observation plus a broad prior kernel.
 * Each kernel is a product over dimensions of a Gaussian truncated to [0, 1] (numeric
 * dimensions) or of a smoothed one-hot distribution (categorical dimensions, whose value u stands
 * for choice floor(u * k)). The bandwidth rules are Optuna 3.1's {@code _ParzenEstimator}:
 * univariate kernels take the larger gap to their sorted neighbours (the prior's mean 0.5 among
 * them), multivariate ones share Scott's-rule-like 0.2 n^(-1/(d+4)); both are clipped to
 * [1 / min(100, n + 2), 1], and the prior kernel is N(0.5, 1) truncated (uniform for choices).
 *
 * <p>With {@code bandwidthWeighted}, the density that {@link #logDensity} evaluates gives each
 * numeric kernel its height, not its mass: the Gaussian's 1/sigma factor is left out, so a kernel
 * counts in proportion to its bandwidth (isolated observations more, clustered ones less). That is
 * what Optuna 3.1 to 3.4 compute (their {@code _truncnorm.logpdf} omits -log(scale); optuna issue
 * #5109, fixed in 3.5), and on our benchmark functions it searches better than the normalised
 * mixture (bench/RESULTS.md). Sampling is unaffected: kernels are drawn by their weights.
 */
final class ParzenEstimator {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double CUTOFF = 81;

    /** Number of choices per dimension, 0 for a numeric dimension. */
    private final int[] choices;
    /** Kernel weights, summing to 1; the prior kernel is the last. */
    private final double[] weights;
    private final double[] cumulative;
    /** [dimension][kernel]: mean (numeric) or observed choice index (categorical, -1 for the prior). */
    private final double[][] mus;
    private final double[][] sigmas;
    /** [dimension][kernel]: 1 / (sigma * Z * sqrt(2 pi)), Z the kernel's mass inside [0, 1] (no sigma when bandwidth-weighted). */
    private final double[][] norms;
    private final double priorWeight;
    /**
     * Smoothing of a categorical kernel: every choice gets priorWeight / (n + 1) on top of the
     * observed one-hot, as in Optuna 3.1, so kernels sharpen as observations accumulate.
     */
    private final double catEps;

    /**
     * @param observations [n][d] points of the unit cube
     * @param obsWeights   n non-negative weights (Optuna's ramp that fades old trials)
     * @param choices      per dimension: 0 numeric, else the number of choices
     * @param multivariate shared bandwidth for a joint model instead of neighbour gaps per dimension
     * @param bandwidthWeighted evaluate kernels by height (Optuna 3.1's density), not by unit mass
     */
    ParzenEstimator(double[][] observations, double[] obsWeights, int[] choices, double priorWeight,
                    boolean multivariate, boolean bandwidthWeighted) {
        int n = observations.length;
        int dims = choices.length;
        int m = n + 1;
        this.choices = choices.clone();
        this.priorWeight = priorWeight;
        this.catEps = priorWeight / m;
        weights = new double[m];
        double total = priorWeight;
        for (int i = 0; i < n; i++) {
            weights[i] = obsWeights[i];
            total += obsWeights[i];
        }
        weights[n] = priorWeight;
        cumulative = new double[m];
        double acc = 0;
        for (int i = 0; i < m; i++) {
            weights[i] /= total;
            acc += weights[i];
            cumulative[i] = acc;
        }
        mus = new double[dims][m];
        sigmas = new double[dims][m];
        norms = new double[dims][m];
        double minSigma = 1.0 / Math.min(100.0, 1.0 + m);
        for (int d = 0; d < dims; d++) {
            for (int i = 0; i < n; i++) {
                double u = observations[i][d];
                mus[d][i] = choices[d] == 0 ? u : Math.min(choices[d] - 1, (int) Math.floor(u * choices[d]));
            }
            if (choices[d] > 0) {
                mus[d][n] = -1;
                continue;
            }
            mus[d][n] = 0.5;
            if (multivariate) {
                Arrays.fill(sigmas[d], 0.2 * Math.pow(Math.max(n, 1), -1.0 / (dims + 4)));
            } else {
                neighbourGaps(mus[d], sigmas[d]);
            }
            for (int i = 0; i < m; i++) {
                sigmas[d][i] = Math.min(1.0, Math.max(minSigma, sigmas[d][i]));
            }
            sigmas[d][n] = 1.0;
            for (int i = 0; i < m; i++) {
                double s = sigmas[d][i];
                norms[d][i] = INV_SQRT_2PI / ((bandwidthWeighted ? 1.0 : s) * mass(mus[d][i], s));
            }
        }
    }

    /**
     * Optuna's univariate bandwidth: each sorted mean takes the larger of the gaps to its
     * neighbours (0 and 1 bound the ends), except the two outermost, which take their inner gap.
     */
    private static void neighbourGaps(double[] mu, double[] sigma) {
        int m = mu.length;
        // sort indices by mean without boxing: the mean (in [0, 1], to 2^-40) in the high bits, the index below
        long[] keys = new long[m];
        for (int i = 0; i < m; i++) {
            keys[i] = (Math.round(mu[i] * (1L << 40)) << 22) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[m];
        for (int k = 0; k < m; k++) {
            order[k] = (int) (keys[k] & ((1 << 22) - 1));
        }
        double[] s = new double[m + 2];
        s[0] = 0;
        s[m + 1] = 1;
        for (int k = 0; k < m; k++) {
            s[k + 1] = mu[order[k]];
        }
        for (int k = 0; k < m; k++) {
            sigma[order[k]] = Math.max(s[k + 1] - s[k], s[k + 2] - s[k + 1]);
        }
        if (m >= 2) {
            sigma[order[0]] = s[2] - s[1];
            sigma[order[m - 1]] = s[m] - s[m - 1];
        }
    }

    /** The mass of N(mu, sigma) inside [0, 1]; exactly 1 in double precision far from both ends. */
    private static double mass(double mu, double sigma) {
        double a = -mu / sigma;
        double b = (1 - mu) / sigma;
        if (a < -8.5 && b > 8.5) {
            return 1.0;
        }
        return Math.max(1e-300, 0.5 * Erf.erf(a / SQRT2, b / SQRT2));
    }

    /** One point drawn from the mixture: a kernel by weight, then each dimension from that kernel. */
    double[] sample(SplittableRandom rng) {
        int i = Arrays.binarySearch(cumulative, rng.nextDouble());
        i = Math.min(weights.length - 1, i < 0 ? -i - 1 : i);
        double[] x = new double[choices.length];
        for (int d = 0; d < choices.length; d++) {
            x[d] = choices[d] == 0 ? truncatedNormal(mus[d][i], sigmas[d][i], rng) : sampleChoice(d, i, rng);
        }
        return x;
    }

    private double sampleChoice(int d, int kernel, SplittableRandom rng) {
        int k = choices[d];
        int observed = (int) mus[d][kernel];
        double r = rng.nextDouble();
        int c;
        if (observed < 0) {
            c = Math.min(k - 1, (int) (r * k));
        } else {
            // kernel: (one-hot + eps) / (1 + k eps)
            double p = r * (1 + k * catEps);
            if (p < 1 || catEps == 0) {
                c = observed;
            } else {
                c = Math.min(k - 1, (int) ((p - 1) / catEps));
            }
        }
        return (c + 0.5) / k;
    }

    /** Inverse-CDF draw of N(mu, sigma) restricted to [0, 1]; mu in [0, 1] keeps both tails tame. */
    private static double truncatedNormal(double mu, double sigma, SplittableRandom rng) {
        double pa = phi(-mu / sigma);
        double pb = phi((1 - mu) / sigma);
        double u = pa + rng.nextDouble() * (pb - pa);
        double z = SQRT2 * Erf.erfInv(2 * u - 1);
        double x = mu + sigma * z;
        return Double.isNaN(x) ? mu : Math.min(1.0, Math.max(0.0, x));
    }

    private static double phi(double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    /** log of the mixture's density (a probability for categorical dimensions) at each point. */
    double[] logDensity(double[][] xs) {
        if (choices.length == 1) {
            return choices[0] == 0 ? logDensity1(xs) : logProbability1(xs);
        }
        int m = weights.length;
        double[] out = new double[xs.length];
        double[] kernel = new double[m];
        for (int j = 0; j < xs.length; j++) {
            Arrays.fill(kernel, 0, m, 1.0);
            for (int d = 0; d < choices.length; d++) {
                double x = xs[j][d];
                if (choices[d] == 0) {
                    double[] mu = mus[d];
                    double[] sg = sigmas[d];
                    double[] nm = norms[d];
                    for (int i = 0; i < m; i++) {
                        double z = (x - mu[i]) / sg[i];
                        // beyond 9 sigma a kernel adds under 1e-16 of its peak, while the prior kernel
                        // alone keeps the sum far above that: skipping exp() changes nothing that matters
                        kernel[i] *= z * z > CUTOFF ? 0 : nm[i] * Math.exp(-0.5 * z * z);
                    }
                } else {
                    int k = choices[d];
                    int c = Math.min(k - 1, (int) Math.floor(x * k));
                    double hit = (1 + catEps) / (1 + k * catEps);
                    double miss = catEps / (1 + k * catEps);
                    double[] mu = mus[d];
                    for (int i = 0; i < m - 1; i++) {
                        kernel[i] *= (int) mu[i] == c ? hit : miss;
                    }
                    kernel[m - 1] *= 1.0 / k;
                }
            }
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += weights[i] * kernel[i];
            }
            out[j] = Math.log(sum);
        }
        return out;
    }

    /** One numeric dimension: the same sum without the per-kernel product (the univariate hot path). */
    private double[] logDensity1(double[][] xs) {
        int m = weights.length;
        double[] mu = mus[0];
        double[] scale = new double[m];
        double[] inv = new double[m];
        for (int i = 0; i < m; i++) {
            scale[i] = weights[i] * norms[0][i];
            inv[i] = 1 / sigmas[0][i];
        }
        double[] out = new double[xs.length];
        for (int j = 0; j < xs.length; j++) {
            double x = xs[j][0];
            double sum = 0;
            for (int i = 0; i < m; i++) {
                double z = (x - mu[i]) * inv[i];
                double z2 = z * z;
                if (z2 <= CUTOFF) {
                    sum += scale[i] * Math.exp(-0.5 * z2);
                }
            }
            out[j] = Math.log(sum);
        }
        return out;
    }

    /** One categorical dimension: the mixture's probability of each choice, summed once. */
    private double[] logProbability1(double[][] xs) {
        int k = choices[0];
        int m = weights.length;
        double[] p = new double[k];
        double hit = (1 + catEps) / (1 + k * catEps);
        double miss = catEps / (1 + k * catEps);
        for (int i = 0; i < m - 1; i++) {
            int c = (int) mus[0][i];
            for (int q = 0; q < k; q++) {
                p[q] += weights[i] * (q == c ? hit : miss);
            }
        }
        for (int q = 0; q < k; q++) {
            p[q] += weights[m - 1] / k;
        }
        double[] out = new double[xs.length];
        for (int j = 0; j < xs.length; j++) {
            out[j] = Math.log(p[Math.min(k - 1, (int) Math.floor(xs[j][0] * k))]);
        }
        return out;
    }
}
