package dev.liandan.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Ensemble selection from libraries of models: Caruana, Niculescu-Mizil, Crew and Ksikes, "Ensemble
 * Selection from Libraries of Models", ICML 2004, forward stepwise selection with replacement
 * (section 2.1 and 2.2), as auto-sklearn uses it (Feurer et al. 2015, section 3.2).
 *
 * <p>Plain selection starts from the empty ensemble; at each step it adds the candidate (any
 * candidate, again and again: with replacement) whose addition gives the ensemble — the mean of
 * its members' probabilities — the best validation score; it stops after {@code maxSize} picks
 * and keeps the prefix of the sequence whose score was best (the earliest among equals). Weights
 * are how often each candidate was picked over the prefix's length.
 *
 * <p>Two refinements of the same paper (section 2.3) fight its overfitting to the validation
 * ("hillclimb") set, which is worst when that set is small and the greedy steps are decided by a
 * handful of rows:
 * <ul>
 *   <li><b>sorted initialisation</b>: start from the best N candidates (by their own validation
 *   score), each picked once, N chosen as the best-scoring prefix of that sorted list — a broad
 *   average to begin with rather than one model that the next few steps merely patch;</li>
 *   <li><b>bagged selection</b>: repeat the selection on {@code bags} random subsets of the
 *   candidates ({@code bagFraction} of them, drawn without replacement) and average the bags'
 *   weights, so that no single lucky candidate decides the ensemble (Caruana et al. use 20 bags
 *   of half the library).</li>
 * </ul>
 *
 * <p>Ties between candidates are broken by the validation log loss (a continuous measure: with
 * accuracy many additions tie), then by the candidate's position (the better-ranked trial). For
 * log loss as the metric the secondary key is the same measure, and position decides.
 */
public final class CaruanaSelection {
    private CaruanaSelection() {
    }

    /**
     * How to select.
     *
     * @param maxSize     most picks per run (the sorted initialisation's included)
     * @param sortedInit  start from the best N candidates, N chosen on validation (else from empty)
     * @param bags        runs on random subsets whose weights are averaged; 1 = one run on all candidates
     * @param bagFraction share of the candidates in each bag (at least one), in (0, 1]
     * @param seed        draws the bags
     */
    public record Settings(int maxSize, boolean sortedInit, int bags, double bagFraction, long seed) {
        public Settings {
            if (maxSize < 1 || bags < 1 || !(bagFraction > 0 && bagFraction <= 1)) {
                throw new IllegalArgumentException("size " + maxSize + ", bags " + bags + ", fraction " + bagFraction);
            }
        }

        /** Caruana et al. 2004 section 2.1-2.2: from empty, with replacement, one run on all candidates. */
        public static Settings plain(int maxSize) {
            return new Settings(maxSize, false, 1, 1.0, 0);
        }
    }

    /**
     * One run of forward selection over a subset of the candidates.
     *
     * @param subset     the candidates this run chose from (indices into the full list), ascending
     * @param counts     how often each candidate (full list) is in the kept prefix
     * @param size       the kept prefix's length (the sum of {@code counts})
     * @param initial    picks made by the sorted initialisation (0 when it is off)
     * @param order      the candidates (full-list indices) in the order they were picked, whole run
     * @param trajectory the validation score after each pick, whole run
     */
    public record Run(List<Integer> subset, int[] counts, int size, int initial, List<Integer> order,
                      List<Double> trajectory, double score) {
    }

    /**
     * @param weights the mean over the runs of each run's counts / size; sum 1
     * @param runs    one per bag
     * @param score   the validation score of the mixture with {@code weights}
     */
    public record Result(double[] weights, List<Run> runs, double score) {
        /** Picks summed over the runs. */
        public int[] counts() {
            int[] c = new int[weights.length];
            for (Run r : runs) {
                for (int i = 0; i < c.length; i++) {
                    c[i] += r.counts()[i];
                }
            }
            return c;
        }

        /** The kept prefixes' lengths summed over the runs. */
        public int size() {
            return runs.stream().mapToInt(Run::size).sum();
        }

        /** The single run's pick order (bags = 1) or the first bag's. */
        public List<Integer> order() {
            return runs.get(0).order();
        }

        /** The single run's trajectory (bags = 1) or the first bag's. */
        public List<Double> trajectory() {
            return runs.get(0).trajectory();
        }
    }

    /** Plain selection (from empty, one run on all candidates). */
    public static Result select(List<double[][]> candidates, int[] labels, Metric metric, int maxSize) {
        return select(candidates, labels, metric, Settings.plain(maxSize));
    }

    public static Result select(List<double[][]> candidates, int[] labels, Metric metric, Settings settings) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates");
        }
        int n = candidates.size();
        List<Run> runs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(settings.seed());
        for (int b = 0; b < settings.bags(); b++) {
            List<Integer> subset = settings.bags() == 1 && settings.bagFraction() == 1.0
                    ? IntStream.range(0, n).boxed().toList()
                    : draw(n, Math.max(1, (int) Math.round(settings.bagFraction() * n)), random);
            runs.add(run(candidates, subset, labels, metric, settings));
        }
        double[] weights = new double[n];
        for (Run r : runs) {
            for (int i = 0; i < n; i++) {
                weights[i] += (double) r.counts()[i] / r.size() / runs.size();
            }
        }
        double score = metric.score(Combination.softVote(candidates, weights), labels);
        return new Result(weights, List.copyOf(runs), score);
    }

    /** {@code k} distinct indices of {@code 0..n-1}, ascending (a partial Fisher-Yates shuffle). */
    private static List<Integer> draw(int n, int k, SplittableRandom random) {
        int[] all = IntStream.range(0, n).toArray();
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, k);
        Arrays.sort(chosen);
        return Arrays.stream(chosen).boxed().toList();
    }

    private static Run run(List<double[][]> candidates, List<Integer> subset, int[] labels, Metric metric,
                           Settings settings) {
        int rows = labels.length;
        int k = candidates.get(0)[0].length;
        double[][] sum = new double[rows][k];
        List<Integer> order = new ArrayList<>();
        List<Double> trajectory = new ArrayList<>();
        List<Double> tieBreaks = new ArrayList<>();
        int initial = 0;
        if (settings.sortedInit()) {
            // the subset sorted by each candidate's own score, log loss and position breaking ties
            List<Integer> sorted = new ArrayList<>(subset);
            double[] own = new double[candidates.size()];
            double[] ownLoss = new double[candidates.size()];
            for (int c : subset) {
                own[c] = metric.score(candidates.get(c), labels);
                ownLoss[c] = Metric.logLoss(candidates.get(c), labels);
            }
            Comparator<Integer> byScore = (a, b) -> metric.better(own[a], own[b]) ? -1
                    : metric.better(own[b], own[a]) ? 1 : 0;
            sorted.sort(byScore.thenComparingDouble(c -> ownLoss[c]).thenComparingInt(c -> c));
            // N = the best-scoring prefix of the sorted list (the shortest among equals)
            int limit = Math.min(sorted.size(), settings.maxSize());
            double[][] acc = new double[rows][k];
            int bestN = 0;
            double bestScore = Double.NaN;
            double bestLoss = Double.NaN;
            List<Double> scores = new ArrayList<>();
            List<Double> losses = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                add(acc, candidates.get(sorted.get(i)));
                double[][] mean = mean(acc, null, i + 1);
                double s = metric.score(mean, labels);
                double l = Metric.logLoss(mean, labels);
                scores.add(s);
                losses.add(l);
                if (bestN == 0 || metric.better(s, bestScore) || (s == bestScore && l < bestLoss)) {
                    bestN = i + 1;
                    bestScore = s;
                    bestLoss = l;
                }
            }
            for (int i = 0; i < bestN; i++) {
                add(sum, candidates.get(sorted.get(i)));
                order.add(sorted.get(i));
                trajectory.add(scores.get(i));
                tieBreaks.add(losses.get(i));
            }
            initial = bestN;
        }
        for (int step = initial + 1; step <= settings.maxSize(); step++) {
            int best = -1;
            double bestScore = Double.NaN;
            double bestLoss = Double.NaN;
            for (int c : subset) {
                double[] scoreAndLoss = evaluate(sum, candidates.get(c), step, labels, metric);
                double score = scoreAndLoss[0];
                double loss = scoreAndLoss[1];
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
        // the best prefix, never shorter than the initialisation
        int keep = Math.max(initial - 1, 0);
        for (int i = keep + 1; i < trajectory.size(); i++) {
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
        return new Run(subset, counts, keep + 1, initial, List.copyOf(order), List.copyOf(trajectory),
                trajectory.get(keep));
    }

    /**
     * The metric and the log loss of (sum + extra) / size, as {@link Metric#score} and
     * {@link Metric#logLoss} would give them on that array, without building it (this is the inner
     * loop: candidates x steps x bags).
     */
    private static double[] evaluate(double[][] sum, double[][] extra, int size, int[] labels, Metric metric) {
        int k = sum.length == 0 ? 0 : sum[0].length;
        double[] row = new double[k];
        int right = 0;
        double loss = 0;
        for (int i = 0; i < sum.length; i++) {
            for (int c = 0; c < k; c++) {
                row[c] = (sum[i][c] + extra[i][c]) / size;
            }
            if (Combination.argmax(row) == labels[i]) {
                right++;
            }
            loss -= Math.log(Math.max(row[labels[i]], Metric.PROBABILITY_FLOOR));
        }
        double n = labels.length;
        double logLoss = labels.length == 0 ? Double.NaN : loss / n;
        double score = metric == Metric.ACCURACY ? (labels.length == 0 ? Double.NaN : right / n) : logLoss;
        return new double[]{score, logLoss};
    }

    /** (sum + extra) / size, row by row; {@code extra} may be null. */
    private static double[][] mean(double[][] sum, double[][] extra, int size) {
        double[][] out = new double[sum.length][];
        for (int i = 0; i < sum.length; i++) {
            double[] row = new double[sum[i].length];
            for (int c = 0; c < row.length; c++) {
                row[c] = (sum[i][c] + (extra == null ? 0 : extra[i][c])) / size;
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
