package dev.liandan.ensemble;

import java.util.ArrayList;
import java.util.List;

/**
 * Ensemble selection from libraries of models: Caruana, Niculescu-Mizil, Crew and Ksikes, "Ensemble
 * Selection from Libraries of Models", ICML 2004, forward stepwise selection with replacement
 * (section 2.1 and 2.2), as auto-sklearn uses it (Feurer et al. 2015, section 3.2).
 *
 * <p>Start from the empty ensemble; at each step add the candidate (any candidate, again and again:
 * with replacement) whose addition gives the ensemble — the mean of its members' probabilities —
 * the best validation score; stop after {@code maxSize} steps and keep the prefix of the
 * sequence whose score was best (the earliest among equals). Weights are how often each
 * candidate was picked over the prefix's length.
 *
 * <p>Ties between candidates are broken by the validation log loss (a continuous measure: with
 * accuracy many additions tie), then by the candidate's position (the better-ranked trial). For
 * log loss as the metric the secondary key is the same measure, and position decides.
 */
public final class CaruanaSelection {
    private CaruanaSelection() {
    }

    /**
     * @param counts     how often each candidate is in the kept prefix
     * @param size       the kept prefix's length (the sum of {@code counts})
     * @param order      the candidates in the order they were picked, whole run
     * @param trajectory the validation score after each pick, whole run
     */
    public record Result(int[] counts, int size, List<Integer> order, List<Double> trajectory, double score) {
        public double[] weights() {
            double[] w = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                w[i] = (double) counts[i] / size;
            }
            return w;
        }
    }

    public static Result select(List<double[][]> candidates, int[] labels, Metric metric, int maxSize) {
        if (candidates.isEmpty() || maxSize < 1) {
            throw new IllegalArgumentException(candidates.size() + " candidates, size " + maxSize);
        }
        int n = labels.length;
        int k = candidates.get(0)[0].length;
        double[][] sum = new double[n][k];
        List<Integer> order = new ArrayList<>();
        List<Double> trajectory = new ArrayList<>();
        List<Double> tieBreaks = new ArrayList<>();
        for (int step = 1; step <= maxSize; step++) {
            int best = -1;
            double bestScore = Double.NaN;
            double bestLoss = Double.NaN;
            for (int c = 0; c < candidates.size(); c++) {
                double[][] trial = mean(sum, candidates.get(c), step);
                double score = metric.score(trial, labels);
                double loss = Metric.logLoss(trial, labels);
                if (best < 0 || metric.better(score, bestScore) || (score == bestScore && loss < bestLoss)) {
                    best = c;
                    bestScore = score;
                    bestLoss = loss;
                }
            }
            add(sum, candidates.get(best));
            order.add(best);
            trajectory.add(bestScore);
            tieBreaks.add(bestLoss);
        }
        int keep = 0;
        for (int i = 1; i < trajectory.size(); i++) {
            double s = trajectory.get(i);
            double b = trajectory.get(keep);
            if (metric.better(s, b) || (s == b && tieBreaks.get(i) < tieBreaks.get(keep))) {
                keep = i;
            }
        }
        int[] counts = new int[candidates.size()];
        for (int i = 0; i <= keep; i++) {
            counts[order.get(i)]++;
        }
        return new Result(counts, keep + 1, List.copyOf(order), List.copyOf(trajectory), trajectory.get(keep));
    }

    /** (sum + extra) / size, row by row. */
    private static double[][] mean(double[][] sum, double[][] extra, int size) {
        double[][] out = new double[sum.length][];
        for (int i = 0; i < sum.length; i++) {
            double[] row = new double[sum[i].length];
            for (int c = 0; c < row.length; c++) {
                row[c] = (sum[i][c] + extra[i][c]) / size;
            }
            out[i] = row;
        }
        return out;
    }

    private static void add(double[][] sum, double[][] extra) {
        for (int i = 0; i < sum.length; i++) {
            for (int c = 0; c < sum[i].length; c++) {
                sum[i][c] += extra[i][c];
            }
        }
    }
}
