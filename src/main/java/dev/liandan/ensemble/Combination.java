package dev.liandan.ensemble;

import java.util.ArrayList;
import java.util.List;

/**
 * The voting rules on members' class probabilities ({@code [rows][classes]}). Pure functions on
 * arrays, shared by the selection (on validation predictions), the scoring (on test predictions)
 * and {@link Ensemble#predictProba}, so all three combine in exactly the same order.
 *
 * <p>Arg-max ties go to the lower class index, as in the trials' own accuracy.
 */
public final class Combination {
    private Combination() {
    }

    /** Weighted mean of the members' probabilities (weights need not sum to 1). */
    public static double[][] softVote(List<double[][]> members, double[] weights) {
        check(members, weights);
        int n = members.get(0).length;
        int k = n == 0 ? 0 : members.get(0)[0].length;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[][] out = new double[n][k];
        for (int m = 0; m < members.size(); m++) {
            if (weights[m] == 0) {
                continue;
            }
            double[][] p = members.get(m);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    out[i][c] += weights[m] * p[i][c];
                }
            }
        }
        for (double[] row : out) {
            for (int c = 0; c < k; c++) {
                row[c] /= total;
            }
        }
        return out;
    }

    /**
     * Weighted vote shares: row {@code i}, class {@code c} is the weight of the members whose
     * label is {@code c}, over the total weight.
     */
    public static double[][] voteShares(List<double[][]> members, double[] weights) {
        check(members, weights);
        int n = members.get(0).length;
        int k = members.get(0).length == 0 ? 0 : members.get(0)[0].length;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[][] out = new double[n][k];
        for (int m = 0; m < members.size(); m++) {
            double[][] p = members.get(m);
            for (int i = 0; i < n; i++) {
                out[i][argmax(p[i])] += weights[m] / total;
            }
        }
        return out;
    }

    /**
     * Hard-vote labels: the class with the most (weighted) votes; among tied classes the one with
     * the largest (weighted) summed probability over all members; then the lower index.
     */
    public static int[] hardVote(List<double[][]> members, double[] weights) {
        double[][] shares = voteShares(members, weights);
        double[][] summed = softVote(members, weights);
        int[] labels = new int[shares.length];
        for (int i = 0; i < shares.length; i++) {
            int best = 0;
            for (int c = 1; c < shares[i].length; c++) {
                // shares are sums of the same weights in different orders: compare with a tolerance
                double diff = shares[i][c] - shares[i][best];
                if (diff > 1e-12 || (Math.abs(diff) <= 1e-12 && summed[i][c] > summed[i][best])) {
                    best = c;
                }
            }
            labels[i] = best;
        }
        return labels;
    }

    /**
     * Hierarchical: the members of each group (one configuration, several seeds) averaged by
     * probability with their weights, in order of first appearance of the group; one averaged
     * member per group, weighted by the group's total weight.
     */
    public static Grouped groupAverages(List<double[][]> members, double[] weights, int[] groups) {
        check(members, weights);
        List<Integer> order = new ArrayList<>();
        for (int g : groups) {
            if (!order.contains(g)) {
                order.add(g);
            }
        }
        List<double[][]> averaged = new ArrayList<>();
        double[] groupWeights = new double[order.size()];
        for (int j = 0; j < order.size(); j++) {
            List<double[][]> in = new ArrayList<>();
            List<Double> w = new ArrayList<>();
            for (int m = 0; m < members.size(); m++) {
                if (groups[m] == order.get(j)) {
                    in.add(members.get(m));
                    w.add(weights[m]);
                    groupWeights[j] += weights[m];
                }
            }
            averaged.add(softVote(in, w.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return new Grouped(averaged, groupWeights);
    }

    /** One probability table per group and each group's weight. */
    public record Grouped(List<double[][]> members, double[] weights) {
    }

    /** The ensemble's class scores under {@code method}: probabilities, or vote shares for the voting rules. */
    public static double[][] proba(Method method, List<double[][]> members, double[] weights, int[] groups) {
        switch (method) {
            case HARD_VOTE:
                return voteShares(members, weights);
            case HIERARCHICAL:
                Grouped g = groupAverages(members, weights, groups);
                return voteShares(g.members(), g.weights());
            default:
                return softVote(members, weights);
        }
    }

    /** The ensemble's labels under {@code method}. */
    public static int[] labels(Method method, List<double[][]> members, double[] weights, int[] groups) {
        switch (method) {
            case HARD_VOTE:
                return hardVote(members, weights);
            case HIERARCHICAL:
                Grouped g = groupAverages(members, weights, groups);
                return hardVote(g.members(), g.weights());
            default:
                return argmax(softVote(members, weights));
        }
    }

    public static int argmax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    public static int[] argmax(double[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = argmax(rows[i]);
        }
        return out;
    }

    private static void check(List<double[][]> members, double[] weights) {
        if (members.isEmpty() || members.size() != weights.length) {
            throw new IllegalArgumentException(members.size() + " members, " + weights.length + " weights");
        }
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("weight " + w);
            }
            total += w;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weights sum to " + total);
        }
        int n = members.get(0).length;
        for (double[][] p : members) {
            if (p.length != n) {
                throw new IllegalArgumentException("members predict different numbers of rows");
            }
        }
    }
}
