package dev.liandan.sampler;

/**
 * Limited-memory BFGS (Nocedal and Wright, "Numerical Optimization", 2nd ed. 2006, algorithm 7.4,
 * the two-loop recursion) with a backtracking Armijo line search, for the few smooth parameters of
 * {@link GaussianProcess}'s likelihood. An objective may answer +infinity outside its domain; the
 * line search then shortens the step. Deterministic: no randomness, plain double arithmetic.
 */
final class Lbfgs {
    private static final int MEMORY = 6;

    /** A function to minimise: its value at {@code x}, with its gradient written into {@code gradient} when non-null. */
    interface Objective {
        double value(double[] x, double[] gradient);
    }

    private Lbfgs() {
    }

    /** The point reached from {@code start} after at most {@code iterations} steps. */
    static double[] minimise(Objective f, double[] start, int iterations) {
        int m = start.length;
        double[] x = start.clone();
        double[] g = new double[m];
        double fx = f.value(x, g);
        if (!Double.isFinite(fx)) {
            return x;
        }
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        double[] gNew = new double[m];
        for (int it = 0; it < iterations; it++) {
            double[] dir = direction(g, s, y, rho, stored);
            double slope = dot(dir, g);
            if (!(slope < 0)) {
                // not a descent direction (curvature pairs gone stale): restart from steepest descent
                stored = 0;
                dir = direction(g, s, y, rho, 0);
                slope = dot(dir, g);
                if (!(slope < 0)) {
                    break;
                }
            }
            double step = 1;
            double[] xNew = new double[m];
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int tries = 0; tries < 30; tries++) {
                for (int i = 0; i < m; i++) {
                    xNew[i] = x[i] + step * dir[i];
                }
                fNew = f.value(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                break;
            }
            double[] sk = new double[m];
            double[] yk = new double[m];
            for (int i = 0; i < m; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                // keep the newest MEMORY pairs, oldest first
                if (stored == MEMORY) {
                    System.arraycopy(s, 1, s, 0, MEMORY - 1);
                    System.arraycopy(y, 1, y, 0, MEMORY - 1);
                    System.arraycopy(rho, 1, rho, 0, MEMORY - 1);
                    stored--;
                }
                s[stored] = sk;
                y[stored] = yk;
                rho[stored] = 1 / sy;
                stored++;
            }
            double decrease = fx - fNew;
            x = xNew;
            fx = fNew;
            System.arraycopy(gNew, 0, g, 0, m);
            if (decrease < 1e-9 * Math.max(1, Math.abs(fx)) || Math.sqrt(dot(g, g)) < 1e-6) {
                break;
            }
        }
        return x;
    }

    /** -H g by the two-loop recursion; the first step is steepest descent scaled to a length of at most 1. */
    private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored) {
        int m = g.length;
        double[] q = new double[m];
        for (int i = 0; i < m; i++) {
            q[i] = -g[i];
        }
        if (stored == 0) {
            double norm = Math.sqrt(dot(g, g));
            double scale = norm > 1 ? 1 / norm : 1;
            for (int i = 0; i < m; i++) {
                q[i] *= scale;
            }
            return q;
        }
        double[] a = new double[stored];
        for (int k = stored - 1; k >= 0; k--) {
            a[k] = rho[k] * dot(s[k], q);
            for (int i = 0; i < m; i++) {
                q[i] -= a[k] * y[k][i];
            }
        }
        double gamma = dot(s[stored - 1], y[stored - 1]) / dot(y[stored - 1], y[stored - 1]);
        for (int i = 0; i < m; i++) {
            q[i] *= gamma;
        }
        for (int k = 0; k < stored; k++) {
            double b = rho[k] * dot(y[k], q);
            for (int i = 0; i < m; i++) {
                q[i] += (a[k] - b) * s[k][i];
            }
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
