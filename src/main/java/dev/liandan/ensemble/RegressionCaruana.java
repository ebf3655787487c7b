package dev.liandan.ensemble;

import dev.liandan.train.Datasets;
import dev.liandan.train.RegressionMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Ensemble selection for regression (Caruana et al. 2004, "Ensemble Selection from Libraries of
 * Models"): greedy forward selection with replacement. Each step adds the candidate whose inclusion
 * gives the lowest validation RMSE of the running average; the weights are the pick counts over the
 * number of picks. The run keeps the best prefix of its picks (the selection stops improving once
 * the validation error rises). With {@code sortedInit} it starts from the best single candidates
 * (section 2.3); with {@code bags > 1} it runs on random halves of the candidates and averages the
 * weights (section 2.5), drawn from a fixed seed.
 */
final class RegressionCaruana {
    private RegressionCaruana() {
    }

    /**
     * @param order      the candidates' indices in pick order, of the first bag's run
     * @param trajectory the validation RMSE after each of those picks
     */
    record Result(double[] weights, List<Integer> order, List<Double> trajectory) {
    }

    static Result select(List<double[]> candidates, double[] truth, CaruanaSelection.Settings settings) {
        int n = candidates.size();
        double[] weights = new double[n];
        List<Integer> firstOrder = null;
        List<Double> firstTrajectory = null;
        Random random = new Random(settings.seed());
        for (int b = 0; b < settings.bags(); b++) {
            int[] pool = bag(n, settings, random);
            List<Integer> order = new ArrayList<>();
            List<Double> trajectory = new ArrayList<>();
            int[] counts = run(candidates, truth, pool, settings, order, trajectory);
            int picks = Arrays.stream(counts).sum();
            for (int i = 0; i < n; i++) {
                weights[i] += (double) counts[i] / picks / settings.bags();
            }
            if (firstOrder == null) {
                firstOrder = order;
                firstTrajectory = trajectory;
            }
        }
        return new Result(weights, firstOrder, firstTrajectory);
    }

    private static int[] bag(int n, CaruanaSelection.Settings settings, Random random) {
        if (settings.bags() == 1) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int size = Math.max(1, (int) Math.round(n * settings.bagFraction()));
        return Arrays.copyOf(Datasets.permutation(n, random), size);
    }

    /** One greedy run over {@code pool}; the pick counts of its best prefix. */
    private static int[] run(List<double[]> candidates, double[] truth, int[] pool, CaruanaSelection.Settings settings,
                             List<Integer> order, List<Double> trajectory) {
        double[] sum = new double[truth.length];
        int picks = 0;
        if (settings.sortedInit()) {
            // start from the single best candidate of the pool
            int best = pool[0];
            for (int c : pool) {
                if (RegressionMetrics.rmse(candidates.get(c), truth) < RegressionMetrics.rmse(candidates.get(best), truth)) {
                    best = c;
                }
            }
            add(sum, candidates.get(best));
            picks = 1;
            order.add(best);
            trajectory.add(RegressionMetrics.rmse(candidates.get(best), truth));
        }
        while (picks < settings.maxSize()) {
            int bestC = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int c : pool) {
                double score = rmseWith(sum, picks, candidates.get(c), truth);
                if (score < bestScore) {
                    bestScore = score;
                    bestC = c;
                }
            }
            add(sum, candidates.get(bestC));
            picks++;
            order.add(bestC);
            trajectory.add(bestScore);
        }
        int bestPrefix = 1;
        for (int k = 1; k < trajectory.size(); k++) {
            if (trajectory.get(k) < trajectory.get(bestPrefix - 1)) {
                bestPrefix = k + 1;
            }
        }
        int[] counts = new int[candidates.size()];
        for (int k = 0; k < bestPrefix; k++) {
            counts[order.get(k)]++;
        }
        order.subList(bestPrefix, order.size()).clear();
        trajectory.subList(bestPrefix, trajectory.size()).clear();
        return counts;
    }

    private static double rmseWith(double[] sum, int picks, double[] candidate, double[] truth) {
        double squares = 0;
        for (int i = 0; i < truth.length; i++) {
            double r = (sum[i] + candidate[i]) / (picks + 1) - truth[i];
            squares += r * r;
        }
        return Math.sqrt(squares / truth.length);
    }

    private static void add(double[] sum, double[] candidate) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += candidate[i];
        }
    }
}
