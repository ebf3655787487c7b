package dev.liandan.ensemble;

/**
 * Soft-vote weights fitted on validation predictions: the mixture weights {@code w} (on the
 * simplex) that maximise the validation likelihood {@code sum_i log sum_m w_m p_m(y_i | x_i)}.
 * The members' probabilities are fixed, so this is the classic mixture-weight problem, solved by
 * its EM iteration (Dempster, Laird and Rubin 1977):
 * {@code w_m <- mean_i ( w_m p_im / sum_l w_l p_il )}. Each step raises the likelihood, the
 * weights stay non-negative and sum to 1, and since the log likelihood is concave in {@code w}
 * the fixed point is the global optimum.
 */
public final class SoftVoteWeights {
    static final int MAX_ITERATIONS = 1000;
    static final double TOLERANCE = 1e-10;

    private SoftVoteWeights() {
    }

    /** @param probs probs[m][i][c]: member m's probability of class c for validation row i */
    public static double[] fit(java.util.List<double[][]> probs, int[] labels) {
        int members = probs.size();
        int n = labels.length;
        // p[m][i]: member m's probability of row i's true class, floored so no row has zero mass
        double[][] p = new double[members][n];
        for (int m = 0; m < members; m++) {
            for (int i = 0; i < n; i++) {
                p[m][i] = Math.max(probs.get(m)[i][labels[i]], Metric.PROBABILITY_FLOOR);
            }
        }
        double[] w = new double[members];
        java.util.Arrays.fill(w, 1.0 / members);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] next = new double[members];
            for (int i = 0; i < n; i++) {
                double mix = 0;
                for (int m = 0; m < members; m++) {
                    mix += w[m] * p[m][i];
                }
                for (int m = 0; m < members; m++) {
                    next[m] += w[m] * p[m][i] / mix / n;
                }
            }
            double change = 0;
            for (int m = 0; m < members; m++) {
                change = Math.max(change, Math.abs(next[m] - w[m]));
            }
            w = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        return w;
    }
}
