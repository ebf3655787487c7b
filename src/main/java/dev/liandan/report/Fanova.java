package dev.liandan.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Parameter importance by functional ANOVA over a random-forest surrogate (Hutter, Hoos and
 * Leyton-Brown, "An Efficient Approach for Assessing Hyperparameter Importance", ICML 2014).
 *
 * <p>A forest of regression trees is fitted to (parameters mapped to [0, 1]) → objective. For each
 * tree, the marginal prediction of parameter i, f_i(x_i) = E[tree(x) | x_i] under the uniform
 * measure on the unit cube, is piecewise constant between the tree's split points on i, and is
 * computed exactly from the leaves' boxes. The main effect of i is Var(f_i) / Var(tree); the
 * reported importance is that fraction averaged over the trees and then normalised to sum to 1,
 * as Optuna's FanovaImportanceEvaluator reports it. Only main (first-order) effects are computed,
 * not interactions.
 *
 * <p>Forest settings follow Optuna's fANOVA: 64 trees, bootstrap samples, every feature
 * considered at each split, leaves of at least one sample. Seeded: the same data and seed give the
 * same importances.
 */
public final class Fanova {
    static final int TREES = 64;
    static final int MAX_DEPTH = 64;

    private Fanova() {
    }

    /**
     * @param x     rows of features, each in [0, 1]
     * @param y     the objective of each row
     * @return one importance per feature, non-negative, summing to 1 (all 0 when y is constant)
     */
    public static double[] importances(double[][] x, double[] y, long seed) {
        return importances(x, y, seed, TREES);
    }

    /** As {@link #importances(double[][], double[], long)} with a forest of {@code trees} trees. */
    static double[] importances(double[][] x, double[] y, long seed, int trees) {
        int n = x.length;
        int d = n == 0 ? 0 : x[0].length;
        double[] sum = new double[d];
        SplittableRandom random = new SplittableRandom(seed);
        for (int t = 0; t < trees; t++) {
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(n);
            }
            List<Leaf> leaves = new ArrayList<>();
            double[] lo = new double[d];
            double[] hi = new double[d];
            Arrays.fill(hi, 1.0);
            grow(x, y, rows, lo, hi, 0, leaves);
            double[] effects = mainEffects(leaves, d);
            for (int j = 0; j < d; j++) {
                sum[j] += effects[j];
            }
        }
        double total = Arrays.stream(sum).sum();
        double[] out = new double[d];
        if (total > 0) {
            for (int j = 0; j < d; j++) {
                out[j] = sum[j] / total;
            }
        }
        return out;
    }

    /** A leaf: the box of the unit cube it covers and its mean prediction. */
    private record Leaf(double[] lo, double[] hi, double value) {
    }

    /** Grows a CART regression tree (variance reduction) over the rows, recording its leaves. */
    private static void grow(double[][] x, double[] y, int[] rows, double[] lo, double[] hi, int depth,
                             List<Leaf> leaves) {
        double mean = 0;
        for (int r : rows) {
            mean += y[r];
        }
        mean /= rows.length;
        int bestFeature = -1;
        double bestThreshold = 0;
        double bestScore = 0;
        if (depth < MAX_DEPTH && rows.length >= 2) {
            double parentSse = sse(y, rows, mean);
            for (int j = 0; j < lo.length; j++) {
                final int feature = j;
                Integer[] order = Arrays.stream(rows).boxed().sorted((a, b) -> Double.compare(x[a][feature], x[b][feature]))
                        .toArray(Integer[]::new);
                double leftSum = 0;
                double leftSq = 0;
                double totalSum = 0;
                double totalSq = 0;
                for (int r : rows) {
                    totalSum += y[r];
                    totalSq += y[r] * y[r];
                }
                for (int k = 0; k < order.length - 1; k++) {
                    double v = y[order[k]];
                    leftSum += v;
                    leftSq += v * v;
                    double a = x[order[k]][j];
                    double b = x[order[k + 1]][j];
                    if (a == b) {
                        continue;
                    }
                    int nl = k + 1;
                    int nr = order.length - nl;
                    double rightSum = totalSum - leftSum;
                    double sseLeft = leftSq - leftSum * leftSum / nl;
                    double sseRight = (totalSq - leftSq) - rightSum * rightSum / nr;
                    double gain = parentSse - sseLeft - sseRight;
                    if (gain > bestScore + 1e-12 * Math.max(1, parentSse)) {
                        bestScore = gain;
                        bestFeature = j;
                        bestThreshold = (a + b) / 2;
                    }
                }
            }
        }
        if (bestFeature < 0) {
            leaves.add(new Leaf(lo.clone(), hi.clone(), mean));
            return;
        }
        final int f = bestFeature;
        final double th = bestThreshold;
        int[] left = Arrays.stream(rows).filter(r -> x[r][f] <= th).toArray();
        int[] right = Arrays.stream(rows).filter(r -> x[r][f] > th).toArray();
        double oldHi = hi[f];
        hi[f] = th;
        grow(x, y, left, lo, hi, depth + 1, leaves);
        hi[f] = oldHi;
        double oldLo = lo[f];
        lo[f] = th;
        grow(x, y, right, lo, hi, depth + 1, leaves);
        lo[f] = oldLo;
    }

    private static double sse(double[] y, int[] rows, double mean) {
        double s = 0;
        for (int r : rows) {
            s += (y[r] - mean) * (y[r] - mean);
        }
        return s;
    }

    /** Var(f_i) / Var(tree) for each feature i, exactly, from the leaves' boxes (uniform measure). */
    static double[] mainEffects(List<Leaf> leaves, int d) {
        double mean = 0;
        double second = 0;
        for (Leaf l : leaves) {
            double vol = volume(l, -1);
            mean += vol * l.value();
            second += vol * l.value() * l.value();
        }
        double total = second - mean * mean;
        double[] effects = new double[d];
        if (total <= 1e-15 * Math.max(1, second)) {
            return effects;
        }
        for (int i = 0; i < d; i++) {
            final int dim = i;
            double[] cuts = leaves.stream().flatMapToDouble(l -> Arrays.stream(new double[]{l.lo()[dim], l.hi()[dim]}))
                    .distinct().sorted().toArray();
            double m = 0;
            double s = 0;
            for (int k = 0; k + 1 < cuts.length; k++) {
                double width = cuts[k + 1] - cuts[k];
                double mid = (cuts[k] + cuts[k + 1]) / 2;
                double f = 0;
                for (Leaf l : leaves) {
                    if (l.lo()[dim] <= mid && mid < l.hi()[dim]) {
                        f += l.value() * volume(l, dim);
                    }
                }
                m += width * f;
                s += width * f * f;
            }
            effects[i] = Math.max(0, (s - m * m) / total);
        }
        return effects;
    }

    /** The box's volume, leaving out dimension {@code skip} (-1: none). */
    private static double volume(Leaf l, int skip) {
        double v = 1;
        for (int j = 0; j < l.lo().length; j++) {
            if (j != skip) {
                v *= l.hi()[j] - l.lo()[j];
            }
        }
        return v;
    }
}
