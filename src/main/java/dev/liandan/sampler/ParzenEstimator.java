package dev.liandan.sampler;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.InverseErfc;

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
 *
 * <p>Speed (TPE asks once per trial over the whole history): everything that depends only on a
 * kernel (normaliser, log weight, 1/sigma) is computed once here, not per candidate; a candidate
 * costs one exp() per kernel, and in one numeric dimension only the kernels within
 * {@link #CUTOFF} standard deviations are visited (found by binary search over the sorted means).
 */
final class ParzenEstimator {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    /**
     * Kernels further than 9 sigma (z^2 > 81) are skipped: they add under e^-40 of their peak,
     * while the prior kernel alone keeps the mixture far above that everywhere on [0, 1].
     */
    private static final double CUTOFF = 81;
    private static final double CUTOFF_SIGMAS = 9;

    /** Number of choices per dimension, 0 for a numeric dimension. */
    private final int[] choices;
    /** Kernel weights, summing to 1; the prior kernel is the last. */
    private final double[] weights;
    private final double[] cumulative;
    /** [dimension][kernel]: mean (numeric) or observed choice index (categorical, -1 for the prior). */
    private final double[][] mus;
    private final double[][] sigmas;
    /** [dimension][kernel]: 1 / sigma (numeric dimensions). */
    private final double[][] invSigmas;
    /**
     * [kernel]: log(weight) + the log normalisers of its numeric dimensions (by height when
     * bandwidth-weighted); for more than one dimension.
     */
    private final double[] logConst;
    /**
     * Smoothing of a categorical kernel: every choice gets priorWeight / (n + 1) on top of the
     * observed one-hot, as in Optuna 3.1, so kernels sharpen as observations accumulate.
     */
    private final double catEps;
    /** Per categorical dimension: log of a kernel's probability of its own choice, of another, and the prior's. */
    private final double[] catLogHit;
    private final double[] catLogMiss;
    private final double[] catLogPrior;
    /** One numeric dimension: the observation kernels sorted by mean, and the widest of them. */
    private double[] sortedMu;
    private double[] sortedScale;
    private double[] sortedInv;
    private double maxSigma;
    private double priorScale;

    /**
     * @param columns           [d][n] the observations' unit values, one array per dimension
     * @param obsWeights        n non-negative weights (Optuna's ramp that fades old trials)
     * @param choices           per dimension: 0 numeric, else the number of choices
     * @param multivariate      shared bandwidth for a joint model instead of neighbour gaps per dimension
     * @param bandwidthWeighted evaluate kernels by height (Optuna 3.1's density), not by unit mass
     */
    ParzenEstimator(double[][] columns, double[] obsWeights, int[] choices, double priorWeight,
                    boolean multivariate, boolean bandwidthWeighted) {
        this(columns, obsWeights, choices, priorWeight, multivariate, bandwidthWeighted, null);
    }

    /**
     * @param order for one numeric dimension, the kernels (the prior last, index n) in the order
     *              {@link #sortedOrder} would give, when the caller already has it; else null
     */
    ParzenEstimator(double[][] columns, double[] obsWeights, int[] choices, double priorWeight,
                    boolean multivariate, boolean bandwidthWeighted, int[] order) {
        int n = obsWeights.length;
        int dims = choices.length;
        int m = n + 1;
        this.choices = choices.clone();
        this.catEps = priorWeight / m;
        weights = new double[m];
        double total = priorWeight;
        for (int i = 0; i < n; i++) {
            weights[i] = obsWeights[i];
            total += obsWeights[i];
        }
        weights[n] = priorWeight;
        cumulative = new double[m];
        logConst = new double[m];
        double acc = 0;
        for (int i = 0; i < m; i++) {
            weights[i] /= total;
            acc += weights[i];
            cumulative[i] = acc;
            logConst[i] = dims > 1 ? Math.log(weights[i]) : 0;
        }
        catLogHit = new double[dims];
        catLogMiss = new double[dims];
        catLogPrior = new double[dims];
        mus = new double[dims][];
        sigmas = new double[dims][];
        invSigmas = new double[dims][];
        double minSigma = 1.0 / Math.min(100.0, 1.0 + m);
        for (int d = 0; d < dims; d++) {
            double[] mu = new double[m];
            mus[d] = mu;
            if (choices[d] > 0) {
                for (int i = 0; i < n; i++) {
                    mu[i] = Math.min(choices[d] - 1, (int) Math.floor(columns[d][i] * choices[d]));
                }
                mu[n] = -1;
                int k = choices[d];
                catLogHit[d] = Math.log((1 + catEps) / (1 + k * catEps));
                catLogMiss[d] = Math.log(catEps / (1 + k * catEps));
                catLogPrior[d] = -Math.log(k);
                continue;
            }
            System.arraycopy(columns[d], 0, mu, 0, n);
            mu[n] = 0.5;
            double[] sigma = new double[m];
            int[] sorted = dims == 1 ? order : null;
            if (multivariate) {
                Arrays.fill(sigma, 0.2 * Math.pow(Math.max(n, 1), -1.0 / (dims + 4)));
            } else {
                sorted = neighbourGaps(mu, sigma, sorted);
            }
            double[] inv = new double[m];
            double[] norm = new double[m];
            for (int i = 0; i < m; i++) {
                double s = i == n ? 1.0 : Math.min(1.0, Math.max(minSigma, sigma[i]));
                sigma[i] = s;
                inv[i] = 1 / s;
                norm[i] = INV_SQRT_2PI / ((bandwidthWeighted ? 1.0 : s) * mass(mu[i], s));
            }
            sigmas[d] = sigma;
            invSigmas[d] = inv;
            if (dims == 1) {
                // the hot path works with weight * normaliser directly, no logs
                for (int i = 0; i < m; i++) {
                    norm[i] *= weights[i];
                }
                sortForWindow(sorted != null ? sorted : sortedOrder(mu), n, norm);
            } else {
                for (int i = 0; i < m; i++) {
                    logConst[i] += Math.log(norm[i]);
                }
            }
        }
    }

    /** The univariate hot path's tables: observation kernels (not the prior) in order of their mean. */
    private void sortForWindow(int[] order, int n, double[] scale) {
        sortedMu = new double[n];
        sortedScale = new double[n];
        sortedInv = new double[n];
        priorScale = scale[n];
        int k = 0;
        for (int i : order) {
            if (i == n) {
                continue;
            }
            sortedMu[k] = mus[0][i];
            sortedScale[k] = scale[i];
            sortedInv[k] = invSigmas[0][i];
            maxSigma = Math.max(maxSigma, sigmas[0][i]);
            k++;
        }
    }

    /** Indices of {@code mu} by increasing value (ties by index), without boxing. */
    static int[] sortedOrder(double[] mu) {
        int m = mu.length;
        // the mean (in [0, 1], to 2^-40) in the high bits, the index below
        long[] keys = new long[m];
        for (int i = 0; i < m; i++) {
            keys[i] = (SortedUnits.key(mu[i]) << 22) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[m];
        for (int k = 0; k < m; k++) {
            order[k] = (int) (keys[k] & ((1 << 22) - 1));
        }
        return order;
    }

    /**
     * Optuna's univariate bandwidth: each sorted mean takes the larger of the gaps to its
     * neighbours (0 and 1 bound the ends), except the two outermost, which take their inner gap.
     *
     * @param order the order of the means when known, else null (then they are sorted here)
     * @return the order of the means, which the caller reuses
     */
    private static int[] neighbourGaps(double[] mu, double[] sigma, int[] order) {
        int m = mu.length;
        order = order != null ? order : sortedOrder(mu);
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
        return order;
    }

    /**
     * The mass of N(mu, sigma) inside [0, 1]: 1 - Phi(a) - Phi(-b) with a = -mu/sigma &le; 0 &le; b,
     * both tails small and accurate (Commons Numbers' erfc, a port of Boost's).
     */
    private static double mass(double mu, double sigma) {
        double a = -mu / sigma;
        double b = (1 - mu) / sigma;
        if (a < -CUTOFF_SIGMAS && b > CUTOFF_SIGMAS) {
            return 1.0;
        }
        return Math.max(1e-300, 1 - 0.5 * Erfc.value(-a / SQRT2) - 0.5 * Erfc.value(b / SQRT2));
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

    /**
     * Inverse-CDF draw of N(mu, sigma) restricted to [0, 1]. The uniform is placed between
     * Phi(a) and Phi(b) and inverted from the nearer tail (Phi^-1(p) = -sqrt 2 erfc^-1(2p)), so
     * draws deep in either tail keep their precision.
     */
    private static double truncatedNormal(double mu, double sigma, SplittableRandom rng) {
        double a = -mu / sigma;
        double b = (1 - mu) / sigma;
        double r = rng.nextDouble();
        double lowA = 0.5 * Erfc.value(-a / SQRT2);   // Phi(a)
        double highB = 0.5 * Erfc.value(b / SQRT2);   // 1 - Phi(b)
        double p = lowA + r * (1 - highB - lowA);
        double z;
        if (p < 0.5) {
            z = -SQRT2 * InverseErfc.value(2 * p);
        } else {
            double q = highB + (1 - r) * (1 - highB - lowA);   // 1 - p, from the upper tail
            z = SQRT2 * InverseErfc.value(2 * q);
        }
        double x = mu + sigma * z;
        return Double.isNaN(x) ? mu : Math.min(1.0, Math.max(0.0, x));
    }

    /** log of the mixture's density (a probability for categorical dimensions) at each point. */
    double[] logDensity(double[][] xs) {
        if (choices.length == 1) {
            return choices[0] == 0 ? logDensity1(xs) : logProbability1(xs);
        }
        int m = weights.length;
        int dims = choices.length;
        double[] out = new double[xs.length];
        for (int j = 0; j < xs.length; j++) {
            double[] x = xs[j];
            int[] c = new int[dims];
            for (int d = 0; d < dims; d++) {
                c[d] = choices[d] == 0 ? 0 : Math.min(choices[d] - 1, (int) Math.floor(x[d] * choices[d]));
            }
            double sum = 0;
            kernels:
            for (int i = 0; i < m; i++) {
                double z2 = 0;
                double logCat = 0;
                for (int d = 0; d < dims; d++) {
                    if (choices[d] == 0) {
                        double z = (x[d] - mus[d][i]) * invSigmas[d][i];
                        z2 += z * z;
                        if (z2 > CUTOFF) {
                            continue kernels;
                        }
                    } else {
                        logCat += catLog(d, i, c[d]);
                    }
                }
                sum += Math.exp(logConst[i] + logCat - 0.5 * z2);
            }
            out[j] = Math.log(sum);
        }
        return out;
    }

    /** log of kernel {@code i}'s probability of choice {@code c} in categorical dimension {@code d}. */
    private double catLog(int d, int i, int c) {
        int observed = (int) mus[d][i];
        return observed < 0 ? catLogPrior[d] : observed == c ? catLogHit[d] : catLogMiss[d];
    }

    /**
     * One numeric dimension: the prior kernel plus the observation kernels whose mean lies within
     * 9 of the widest bandwidth of the point, found by binary search over the sorted means.
     */
    private double[] logDensity1(double[][] xs) {
        double reach = CUTOFF_SIGMAS * maxSigma;
        double[] out = new double[xs.length];
        for (int j = 0; j < xs.length; j++) {
            out[j] = Math.log(density1(xs[j][0], reach));
        }
        return out;
    }

    /** The mixture's density at x in one numeric dimension: the prior's term, then the kernels in mean order. */
    private double density1(double x, double reach) {
        int n = sortedMu.length;
        double dz = x - mus[0][n];
        double sum = priorScale * Math.exp(-0.5 * dz * dz);
        int from = lowerBound(sortedMu, x - reach);
        for (int i = from; i < n; i++) {
            double diff = x - sortedMu[i];
            if (diff < -reach) {
                break;
            }
            double z = diff * sortedInv[i];
            double z2 = z * z;
            if (z2 <= CUTOFF) {
                sum += sortedScale[i] * Math.exp(-0.5 * z2);
            }
        }
        return sum;
    }

    /**
     * log of the density at each point where it can decide TPE's choice, the argmax over j of
     * {@code logL[j] - log g(x_j)} with g this estimator (ties to the first j); +infinity at the
     * points that provably cannot be that argmax. Where it is finite, it is {@link #logDensity}'s
     * value bit for bit, so the argmax over the returned values is the argmax over the exact ones.
     *
     * <p>Why: g is the "bad" estimator, a kernel per trial; at a thousand trials a point has ~600
     * kernels within reach and evaluating them all for every candidate was half of TPE's ask. All
     * terms are positive, so the kernels nearest a point give a lower bound on g(x) and an upper
     * bound on its ratio; a point's sum is widened (nearest kernels first, doubling) only while
     * that bound can still beat the best exact ratio found, and summed exactly, by logDensity's
     * own loop, only once all its kernels are in (the first leader at once). Falls back to
     * {@link #logDensity} outside one numeric dimension or where a value is not finite.
     */
    double[] logDensityForArgmax(double[][] xs, double[] logL) {
        if (choices.length != 1 || choices[0] != 0 || !(priorScale > 0)) {
            return logDensity(xs);
        }
        for (double v : logL) {
            if (!Double.isFinite(v)) {
                return logDensity(xs);
            }
        }
        double reach = CUTOFF_SIGMAS * maxSigma;
        Window[] windows = new Window[xs.length];
        double[] bound = new double[xs.length];
        for (int j = 0; j < xs.length; j++) {
            windows[j] = new Window(xs[j][0], reach);
            bound[j] = windows[j].ratioBound(logL[j]);
        }
        double best = Double.NEGATIVE_INFINITY;
        double[] out = new double[xs.length];
        Arrays.fill(out, Double.POSITIVE_INFINITY);
        boolean[] exact = new boolean[xs.length];
        while (true) {
            int j = -1;
            for (int k = 0; k < xs.length; k++) {
                if (!exact[k] && (j < 0 || bound[k] > bound[j])) {
                    j = k;
                }
            }
            // the largest bound below the best exact ratio: every point left is out (best only grows)
            if (j < 0 || bound[j] < best) {
                return out;
            }
            Window w = windows[j];
            if (best == Double.NEGATIVE_INFINITY || w.complete()) {
                // the first leader is summed at once (it is most often the pick); others once all their kernels are in
                out[j] = Math.log(density1(w.x, reach));
                exact[j] = true;
                best = Math.max(best, logL[j] - out[j]);
            } else {
                w.widen(Math.max(16, w.computed));
                bound[j] = w.ratioBound(logL[j]);
            }
        }
    }

    /**
     * One point's kernels within reach, {@code [from, end)} in mean order as {@link #density1}
     * visits them, and the partial sum of those computed so far, nearest first: a lower bound on
     * the density there.
     */
    private final class Window {
        final double x;
        final int from;
        final int end;
        /** The next kernel to compute on the left (down to from) and on the right (up to end). */
        int left;
        int right;
        int computed;
        double partial;

        Window(double x, double reach) {
            this.x = x;
            double dz = x - mus[0][sortedMu.length];
            partial = priorScale * Math.exp(-0.5 * dz * dz);
            from = lowerBound(sortedMu, x - reach);
            // density1 stops at the first mean with x - mean < -reach; the difference falls as the mean grows
            int lo = from;
            int hi = sortedMu.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (x - sortedMu[mid] < -reach) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            end = lo;
            right = Math.max(from, Math.min(end, lowerBound(sortedMu, x)));
            left = right - 1;
        }

        boolean complete() {
            return left < from && right >= end;
        }

        /** Computes about {@code count} more terms, half on each side of the point (the nearest kernels first). */
        void widen(int count) {
            int half = Math.max(1, count / 2);
            int stop = Math.min(end, right + half);
            for (int i = right; i < stop; i++) {
                add(i);
            }
            right = stop;
            stop = Math.max(from - 1, left - half);
            for (int i = left; i > stop; i--) {
                add(i);
            }
            left = stop;
        }

        private void add(int i) {
            double z = (x - sortedMu[i]) * sortedInv[i];
            double z2 = z * z;
            if (z2 <= CUTOFF) {
                partial += sortedScale[i] * Math.exp(-0.5 * z2);
            }
            computed++;
        }

        /**
         * An upper bound on {@code logL - log g(x)}: g(x) is at least the partial sum, give or take
         * the rounding of two sums of at most a few thousand positive terms (relative 1e-12),
         * which the margin of 1e-9 covers many times over.
         */
        double ratioBound(double logL) {
            double logPartial = Math.log(partial);
            return logL - logPartial + 1e-9 * (1 + Math.abs(logL) + Math.abs(logPartial));
        }
    }

    /** The first index whose value is at least {@code v} in a sorted array. */
    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * One categorical dimension: the mixture's probability of each choice, from the total weight
     * of the kernels on each choice (every kernel gives miss to all choices and hit - miss more
     * to its own).
     */
    private double[] logProbability1(double[][] xs) {
        int k = choices[0];
        int m = weights.length;
        double hit = (1 + catEps) / (1 + k * catEps);
        double miss = catEps / (1 + k * catEps);
        double[] own = new double[k];
        double observed = 0;
        for (int i = 0; i < m - 1; i++) {
            own[(int) mus[0][i]] += weights[i];
            observed += weights[i];
        }
        double[] p = new double[k];
        for (int q = 0; q < k; q++) {
            p[q] = observed * miss + own[q] * (hit - miss) + weights[m - 1] / k;
        }
        double[] out = new double[xs.length];
        for (int j = 0; j < xs.length; j++) {
            out[j] = Math.log(p[Math.min(k - 1, (int) Math.floor(xs[j][0] * k))]);
        }
        return out;
    }
}
