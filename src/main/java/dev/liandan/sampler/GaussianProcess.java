package dev.liandan.sampler;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.Erfcx;

import java.util.SplittableRandom;

/**
 * Gaussian-process regression (Rasmussen and Williams, "Gaussian Processes for Machine Learning",
 * MIT Press 2006, chapters 2 and 5) with a Matérn-5/2 kernel with one lengthscale per input
 * (ARD), a signal variance and Gaussian noise, for {@link GpSampler}. Numeric inputs live on the
 * unit interval and enter through their squared difference; a categorical input holds its choice's
 * index and enters as 0 when two points share the choice and 1 otherwise (a Hamming distance with
 * its own lengthscale, as Optuna's GPSampler treats categories). The outputs are expected
 * standardised (mean 0, variance 1), which the priors below assume.
 *
 * <p>The hyperparameters maximise the log marginal likelihood plus a weak log-normal prior on each
 * of them ({@link #fit}); the prior keeps a fit on a handful of points from degenerate
 * lengthscales (all points unrelated, or one flat line) and from explaining everything as noise.
 * The optimiser is a small L-BFGS (Nocedal and Wright, "Numerical Optimization", 2006, algorithm
 * 7.4) over the log-hyperparameters with the exact gradient (R&W eq. 5.9): with d + 2 parameters
 * and a gradient that costs about two more factorisations (the inverse), it converges in a few dozen
 * evaluations where a derivative-free optimiser such as Commons Math's BOBYQA needs hundreds.
 */
final class GaussianProcess {
    /** Smallest noise variance (of the standardised outputs): keeps the kernel matrix well conditioned. */
    static final double NOISE_FLOOR = 1e-6;
    private static final double SQRT5 = Math.sqrt(5);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    // weak priors, in log space: lengthscale median ~0.5 sqrt(d) of the unit cube (wider spaces of more
    // inputs need longer ones, Hvarfner et al. 2024), signal variance ~1 (standardised outputs), noise ~1e-4
    private static final double LENGTH_SD = 1.5;
    private static final double SIGNAL_SD = 1.0;
    private static final double NOISE_MEAN = Math.log(1e-4);
    private static final double NOISE_SD = 3.0;
    // a box for the log-hyperparameters: outside it the objective is +infinity, so line searches stay inside
    private static final double LOG_MIN = -9.2;
    private static final double LOG_MAX = 6.0;
    private static final double LOG_NOISE_MIN = -18.5;
    private static final double LOG_NOISE_MAX = 1.0;

    /** Lengthscales (one per input), signal variance and noise variance above {@link #NOISE_FLOOR}. */
    record Hyper(double[] lengthscales, double signal, double noise) {
    }

    private final double[][] x;
    private final boolean[] categorical;
    private final Hyper hyper;
    /** The lower Cholesky factor of K + noise I. */
    private final double[][] lower;
    /** (K + noise I)^-1 y. */
    private final double[] alpha;

    private GaussianProcess(double[][] x, boolean[] categorical, Hyper hyper, double[][] lower, double[] alpha) {
        this.x = x;
        this.categorical = categorical;
        this.hyper = hyper;
        this.lower = lower;
        this.alpha = alpha;
    }

    /** The posterior given fixed hyperparameters. */
    static GaussianProcess of(double[][] x, boolean[] categorical, double[] y, Hyper hyper) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b <= a; b++) {
                double v = hyper.signal() * matern(Math.sqrt(scaledSquare(x[a], x[b], categorical,
                        hyper.lengthscales())));
                k[a][b] = v;
                k[b][a] = v;
            }
            k[a][a] += hyper.noise() + NOISE_FLOOR;
        }
        if (!cholesky(k)) {
            throw new IllegalStateException("kernel matrix not positive definite even with jitter");
        }
        return new GaussianProcess(x, categorical, hyper, k, solve(k, y));
    }

    /**
     * The hyperparameters of largest posterior density, the best of {@code restarts} L-BFGS runs of
     * at most {@code iterations} steps: the first from the priors' centres (noise 1e-3), the others
     * from points drawn with {@code rng} around them (half the priors' spread, so they stay plausible).
     */
    static GaussianProcess fit(double[][] x, boolean[] categorical, double[] y, int restarts, int iterations,
                               SplittableRandom rng) {
        Likelihood f = new Likelihood(x, categorical, y);
        int d = categorical.length;
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int r = 0; r < Math.max(1, restarts); r++) {
            double[] start = new double[d + 2];
            for (int i = 0; i < d; i++) {
                start[i] = f.lengthMean + (r == 0 ? 0 : LENGTH_SD * 0.5 * rng.nextGaussian());
            }
            start[d] = r == 0 ? 0 : SIGNAL_SD * 0.5 * rng.nextGaussian();
            start[d + 1] = r == 0 ? Math.log(1e-3) : NOISE_MEAN + 2 * rng.nextGaussian();
            clampToBox(start, d);
            double[] theta = Lbfgs.minimise(f, start, iterations);
            double v = f.value(theta, null);
            if (v < bestValue || best == null) {
                bestValue = v;
                best = theta;
            }
        }
        return of(x, categorical, y, hyperOf(best, d));
    }

    Hyper hyper() {
        return hyper;
    }

    /** The posterior mean and variance of the latent function (noise left out) at {@code point}. */
    double[] predict(double[] point) {
        int n = x.length;
        double[] v = new double[n];
        double mean = 0;
        for (int a = 0; a < n; a++) {
            v[a] = hyper.signal() * matern(Math.sqrt(scaledSquare(point, x[a], categorical, hyper.lengthscales())));
            mean += v[a] * alpha[a];
        }
        // forward substitution L v = k*, then var = k(x, x) - |v|^2
        double sq = 0;
        for (int a = 0; a < n; a++) {
            double s = v[a];
            double[] row = lower[a];
            for (int b = 0; b < a; b++) {
                s -= row[b] * v[b];
            }
            v[a] = s / row[a];
            sq += v[a] * v[a];
        }
        return new double[]{mean, Math.max(hyper.signal() - sq, 1e-12 * hyper.signal())};
    }

    /**
     * log EI for minimisation below {@code best} at a posterior N(mean, variance), computed
     * without underflow however small EI gets (Ament et al., "Unexpected Improvements to Expected
     * Improvement for Bayesian Optimization", NeurIPS 2023: EI = σ h(z), z = (best - μ)/σ,
     * h(z) = φ(z) + z Φ(z), and log h through the scaled complementary error function for z < -1).
     */
    static double logExpectedImprovement(double mean, double variance, double best) {
        double sigma = Math.sqrt(variance);
        return Math.log(sigma) + logH((best - mean) / sigma);
    }

    static double logH(double z) {
        if (z > -1) {
            // Φ(z) = erfc(-z/√2)/2; no cancellation for z > -1
            return Math.log(Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) + z * 0.5 * Erfc.value(-z / Math.sqrt(2)));
        }
        double a = -z;
        double logPhi = -0.5 * z * z - 0.5 * LOG_2PI;
        if (a > 1e3) {
            // h(z)/φ(z) = 1/z² - 3/z⁴ + 15/z⁶ - ... (Mills' ratio); the direct form would cancel
            double inv = 1 / (a * a);
            return logPhi - 2 * Math.log(a) + Math.log1p(-3 * inv + 15 * inv * inv);
        }
        // h(z) = φ(z) (1 - |z| √(π/2) erfcx(|z|/√2)) for z < 0
        return logPhi + Math.log1p(-a * Math.sqrt(Math.PI / 2) * Erfcx.value(a / Math.sqrt(2)));
    }

    /** Matérn 5/2 at scaled distance r, unit signal: (1 + √5 r + 5r²/3) exp(-√5 r). */
    static double matern(double r) {
        return (1 + SQRT5 * r + 5.0 / 3 * r * r) * Math.exp(-SQRT5 * r);
    }

    private static double scaledSquare(double[] p, double[] q, boolean[] categorical, double[] lengthscales) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = categorical[i] ? (p[i] == q[i] ? 0 : 1) : p[i] - q[i];
            s += d * d / (lengthscales[i] * lengthscales[i]);
        }
        return s;
    }

    private static Hyper hyperOf(double[] theta, int d) {
        double[] l = new double[d];
        for (int i = 0; i < d; i++) {
            l[i] = Math.exp(theta[i]);
        }
        return new Hyper(l, Math.exp(theta[d]), Math.exp(theta[d + 1]));
    }

    private static void clampToBox(double[] theta, int d) {
        for (int i = 0; i <= d; i++) {
            theta[i] = Math.min(LOG_MAX - 1e-9, Math.max(LOG_MIN + 1e-9, theta[i]));
        }
        theta[d + 1] = Math.min(LOG_NOISE_MAX - 1e-9, Math.max(LOG_NOISE_MIN + 1e-9, theta[d + 1]));
    }

    /**
     * Replaces the lower triangle of the symmetric {@code k} by its Cholesky factor L (K = L L^T),
     * adding growing jitter to the diagonal if rounding made K indefinite; false if even that
     * fails. Our own loop on rows rather than Commons Math's CholeskyDecomposition: the fit
     * factorises a kernel matrix about a hundred times per ask, and this is several times faster
     * (no copies, no symmetry check, no matrix objects).
     */
    static boolean cholesky(double[][] k) {
        int n = k.length;
        double[] diagonal = new double[n];
        for (int a = 0; a < n; a++) {
            diagonal[a] = k[a][a];
        }
        double jitter = 0;
        for (int attempt = 0; attempt < 6; attempt++) {
            if (factor(k, diagonal, jitter)) {
                return true;
            }
            jitter = jitter == 0 ? 1e-9 : jitter * 10;
        }
        return false;
    }

    private static boolean factor(double[][] k, double[] diagonal, double jitter) {
        int n = k.length;
        for (int a = 0; a < n; a++) {
            double[] row = k[a];
            for (int b = 0; b < a; b++) {
                double[] other = k[b];
                double s = row[b];
                for (int c = 0; c < b; c++) {
                    s -= row[c] * other[c];
                }
                row[b] = s / other[b];
            }
            double s = diagonal[a] + jitter;
            for (int c = 0; c < a; c++) {
                s -= row[c] * row[c];
            }
            if (!(s > 0)) {
                // restore the upper triangle's mirror for the next attempt
                for (int r = 0; r <= a; r++) {
                    for (int c = 0; c < r; c++) {
                        k[r][c] = k[c][r];
                    }
                }
                return false;
            }
            row[a] = Math.sqrt(s);
        }
        return true;
    }

    /** (L L^T)^-1 y for the lower factor {@code l}. */
    static double[] solve(double[][] l, double[] y) {
        int n = y.length;
        double[] z = y.clone();
        for (int a = 0; a < n; a++) {
            double s = z[a];
            for (int c = 0; c < a; c++) {
                s -= l[a][c] * z[c];
            }
            z[a] = s / l[a][a];
        }
        for (int a = n - 1; a >= 0; a--) {
            double s = z[a];
            for (int c = a + 1; c < n; c++) {
                s -= l[c][a] * z[c];
            }
            z[a] = s / l[a][a];
        }
        return z;
    }

    /** The lower triangle (b <= a) of (L L^T)^-1 = L^-T L^-1, through U = L^-T stored by rows. */
    static double[][] inverse(double[][] l) {
        int n = l.length;
        // rows of M = L^-1 by forward substitution, row by row
        double[][] m = new double[n][];
        for (int a = 0; a < n; a++) {
            double[] row = new double[a + 1];
            double[] la = l[a];
            for (int c = 0; c < a; c++) {
                double f = la[c];
                double[] mc = m[c];
                for (int j = 0; j <= c; j++) {
                    row[j] -= f * mc[j];
                }
            }
            row[a] = 1;
            double inv = 1 / la[a];
            for (int j = 0; j <= a; j++) {
                row[j] *= inv;
            }
            m[a] = row;
        }
        // U[a][k] = M[k][a] for k >= a, then K^-1[a][b] = sum over k >= a of U[a][k] U[b][k]
        double[][] u = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int a = 0; a <= k; a++) {
                u[a][k] = m[k][a];
            }
        }
        double[][] out = new double[n][];
        for (int a = 0; a < n; a++) {
            out[a] = new double[a + 1];
            double[] ua = u[a];
            for (int b = 0; b <= a; b++) {
                double[] ub = u[b];
                double s = 0;
                for (int k = a; k < n; k++) {
                    s += ua[k] * ub[k];
                }
                out[a][b] = s;
            }
        }
        return out;
    }

    /** Minus the log posterior density of the log-hyperparameters (log ℓ..., log s², log σn²) and its gradient. */
    static final class Likelihood implements Lbfgs.Objective {
        private final double[][] x;
        private final boolean[] categorical;
        private final double[] y;
        private final int n;
        private final int d;
        final double lengthMean;
        /** Per input, the squared differences of every pair a > b, row by row of the lower triangle. */
        private final double[][] squares;

        Likelihood(double[][] x, boolean[] categorical, double[] y) {
            this.x = x;
            this.categorical = categorical;
            this.y = y;
            this.n = x.length;
            this.d = categorical.length;
            this.lengthMean = Math.log(0.5 * Math.sqrt(Math.max(1, d)));
            this.squares = new double[d][n * (n - 1) / 2];
            for (int i = 0; i < d; i++) {
                int p = 0;
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < a; b++) {
                        double diff = categorical[i] ? (x[a][i] == x[b][i] ? 0 : 1) : x[a][i] - x[b][i];
                        squares[i][p++] = diff * diff;
                    }
                }
            }
        }

        @Override
        public double value(double[] theta, double[] gradient) {
            for (int i = 0; i < d + 2; i++) {
                boolean noise = i == d + 1;
                if (!(theta[i] >= (noise ? LOG_NOISE_MIN : LOG_MIN) && theta[i] <= (noise ? LOG_NOISE_MAX : LOG_MAX))) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            double[] inv = new double[d];
            for (int i = 0; i < d; i++) {
                inv[i] = Math.exp(-2 * theta[i]);
            }
            double signal = Math.exp(theta[d]);
            double noise = Math.exp(theta[d + 1]);
            double[][] k = new double[n][n];
            double[] rs = new double[n * (n - 1) / 2];
            int p = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < a; b++, p++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        s += squares[i][p] * inv[i];
                    }
                    double r = Math.sqrt(s);
                    rs[p] = r;
                    double v = signal * matern(r);
                    k[a][b] = v;
                    k[b][a] = v;
                }
                k[a][a] = signal + noise + NOISE_FLOOR;
            }
            if (!cholesky(k)) {
                return Double.POSITIVE_INFINITY;
            }
            double[][] l = k;
            double[] alpha = solve(l, y);
            double nll = 0.5 * n * LOG_2PI;
            for (int a = 0; a < n; a++) {
                nll += 0.5 * y[a] * alpha[a] + Math.log(l[a][a]);
            }
            double prior = 0;
            for (int i = 0; i < d; i++) {
                prior += square(theta[i] - lengthMean) / (2 * LENGTH_SD * LENGTH_SD);
            }
            prior += square(theta[d]) / (2 * SIGNAL_SD * SIGNAL_SD)
                    + square(theta[d + 1] - NOISE_MEAN) / (2 * NOISE_SD * NOISE_SD);
            if (gradient != null) {
                gradient(theta, gradient, l, alpha, rs, signal, noise, inv);
            }
            return nll + prior;
        }

        /** R&W eq. 5.9: d(-log p(y))/dθ = -tr((αα^T - K^-1) dK/dθ)/2, plus the prior's derivative. */
        private void gradient(double[] theta, double[] g, double[][] l, double[] alpha, double[] rs,
                              double signal, double noise, double[] inv) {
            double[][] kInv = inverse(l);
            java.util.Arrays.fill(g, 0);
            double signalTrace = 0;
            double noiseTrace = 0;
            int p = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < a; b++, p++) {
                    // W_ab counted twice (a,b and b,a)
                    double w = 2 * (alpha[a] * alpha[b] - kInv[a][b]);
                    double r = rs[p];
                    double e = Math.exp(-SQRT5 * r);
                    signalTrace += w * signal * (1 + SQRT5 * r + 5.0 / 3 * r * r) * e;
                    // dk/dlog ℓ_i = (5/3) s² (1 + √5 r) e^{-√5 r} δ_i² / ℓ_i²
                    double common = w * 5.0 / 3 * signal * (1 + SQRT5 * r) * e;
                    for (int i = 0; i < d; i++) {
                        g[i] += common * squares[i][p] * inv[i];
                    }
                }
                double w = alpha[a] * alpha[a] - kInv[a][a];
                signalTrace += w * signal;
                noiseTrace += w * noise;
            }
            for (int i = 0; i < d; i++) {
                g[i] = -0.5 * g[i] + (theta[i] - lengthMean) / (LENGTH_SD * LENGTH_SD);
            }
            g[d] = -0.5 * signalTrace + theta[d] / (SIGNAL_SD * SIGNAL_SD);
            g[d + 1] = -0.5 * noiseTrace + (theta[d + 1] - NOISE_MEAN) / (NOISE_SD * NOISE_SD);
        }

        private static double square(double v) {
            return v * v;
        }
    }
}
