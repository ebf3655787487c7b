package dev.liandan.ensemble;

import dev.liandan.study.StudyLayout;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.study.Ranking;
import dev.liandan.study.Trial;
import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares ways of choosing an ensemble without touching the test split: repeated 2-fold
 * cross-fitting inside the validation split. The validation rows are cut at random into two
 * halves; each way chooses its weights on one half and is scored (accuracy) on the other, then the
 * halves swap. The held-out accuracy of a way is its right rows over both halves, averaged over
 * the repeats. Choosing on the very rows it is scored on would flatter whatever overfits most
 * (Caruana's greedy steps, fitted weights); this is the honest way to pick a selection method's
 * settings before looking at the test split.
 *
 * <p>One leak is shared by every way: the candidates themselves are the study's top trials ranked
 * on the whole validation split (and trained with early stopping on it).
 */
public final class ValidationCrossCheck {
    private ValidationCrossCheck() {
    }

    /** Chooses weights (one per candidate, any non-negative scale) on some validation rows. */
    @FunctionalInterface
    public interface Chooser {
        double[] weights(List<double[][]> candidates, int[] labels);
    }

    /**
     * @param hard combine by hard vote (else by the weighted mean of probabilities)
     */
    public record Way(String name, Chooser chooser, boolean hard) {
    }

    /** The candidates' validation predictions, best trial first. */
    public record Library(List<Integer> trials, List<double[][]> validation, int[] labels) {
    }

    /** The study's best {@code topK} COMPLETE trials that kept their validation predictions. */
    public static Library library(StudySpec spec, List<Trial> trials, Path studyDir, int topK) throws IOException {
        return library(spec, trials, studyDir, topK, 1, 0);
    }

    /**
     * The study's best {@code topK} COMPLETE trials that kept their validation predictions, then — as
     * {@code liandan ensemble --seeds-per-config N --reseed-top K} builds its library — the members of
     * the best {@code reseedTop} of them retrained with seeds 2..{@code seedsPerConfig}. Those must have
     * been trained already (by that command): this comparison trains nothing.
     */
    public static Library library(StudySpec spec, List<Trial> trials, Path studyDir, int topK, int seedsPerConfig,
                                  int reseedTop) throws IOException {
        Dataset data = Datasets.load(spec.data());
        List<Integer> numbers = new ArrayList<>();
        List<double[][]> vals = new ArrayList<>();
        List<Trial> kept = new ArrayList<>();
        for (Trial t : Ranking.ranked(trials, spec.objective().direction())) {
            if (vals.size() == topK) {
                break;
            }
            Path file = EnsembleBuilder.trialDir(studyDir, t).resolve(StudyLayout.PREDICTIONS_FILE);
            if (Files.isRegularFile(file)) {
                numbers.add(t.number());
                vals.add(ValidationPredictions.read(file, data, t.number()));
                kept.add(t);
            }
        }
        if (vals.isEmpty()) {
            throw new UserError("no trial of study '" + spec.name() + "' has its " + StudyLayout.PREDICTIONS_FILE
                    + " in " + studyDir);
        }
        for (Trial t : kept.subList(0, seedsPerConfig > 1 ? Math.min(reseedTop, kept.size()) : 0)) {
            for (int index = 2; index <= seedsPerConfig; index++) {
                Path file = EnsembleBuilder.memberDir(studyDir, t, EnsembleBuilder.memberSeed(t, index))
                        .resolve(StudyLayout.PREDICTIONS_FILE);
                if (!Files.isRegularFile(file)) {
                    throw new UserError("the configuration of trial " + t.number() + " has no member " + index
                            + " retrained yet (" + file + "): run liandan ensemble --study " + spec.name()
                            + " --seeds-per-config " + seedsPerConfig + " --reseed-top " + reseedTop + " first");
                }
                numbers.add(t.number());
                vals.add(ValidationPredictions.read(file, data, t.number()));
            }
        }
        return new Library(List.copyOf(numbers), List.copyOf(vals), data.validation().labels());
    }

    /**
     * The ways `liandan ensemble` offers: the best single candidate (chosen on the half), equal soft
     * and hard votes of all candidates, soft vote with fitted weights, and Caruana's selection with
     * every combination of sorted initialisation, bagging and selection metric.
     */
    public static List<Way> standardWays(int size, int bags) {
        List<Way> ways = new ArrayList<>();
        ways.add(new Way("best single", ValidationCrossCheck::bestSingle, false));
        ways.add(new Way("soft_vote", (c, y) -> equal(c.size()), false));
        ways.add(new Way("hard_vote", (c, y) -> equal(c.size()), true));
        ways.add(new Way("soft_vote fitted", SoftVoteWeights::fit, false));
        for (Metric by : Metric.values()) {
            for (boolean sorted : new boolean[]{false, true}) {
                for (int b : new int[]{1, bags}) {
                    CaruanaSelection.Settings s = new CaruanaSelection.Settings(size, sorted, b,
                            b == 1 ? 1.0 : EnsembleOptions.BAG_FRACTION, EnsembleOptions.BAG_SEED);
                    ways.add(new Way("caruana select_by=" + by.id() + " init=" + (sorted ? "sorted" : "empty")
                            + " bags=" + b, (c, y) -> CaruanaSelection.select(c, y, by, s).weights(), false));
                }
            }
        }
        return ways;
    }

    /** Held-out accuracy of each way, in the order given. */
    public static double[] heldOutAccuracy(Library library, List<Way> ways, int repeats, long seed) {
        int n = library.labels().length;
        double[] right = new double[ways.size()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < repeats; r++) {
            int[] perm = Datasets.permutation(n, random);
            int[] a = Arrays.copyOfRange(perm, 0, n / 2);
            int[] b = Arrays.copyOfRange(perm, n / 2, n);
            for (int[][] fold : new int[][][]{{a, b}, {b, a}}) {
                List<double[][]> fitX = rows(library.validation(), fold[0]);
                int[] fitY = rows(library.labels(), fold[0]);
                List<double[][]> scoreX = rows(library.validation(), fold[1]);
                int[] scoreY = rows(library.labels(), fold[1]);
                for (int w = 0; w < ways.size(); w++) {
                    Way way = ways.get(w);
                    double[] weights = way.chooser().weights(fitX, fitY);
                    int[] predicted = way.hard() ? Combination.hardVote(scoreX, weights)
                            : Combination.argmax(Combination.softVote(scoreX, weights));
                    right[w] += Metric.accuracyOfLabels(predicted, scoreY) * scoreY.length;
                }
            }
        }
        for (int w = 0; w < right.length; w++) {
            right[w] /= (double) repeats * n;
        }
        return right;
    }

    /** The halvings {@code liandan bench ensemble} uses by default, and so the check after every build. */
    public static final int REPEATS = 5;
    public static final long SEED = 1;

    /**
     * Held-out accuracy of one way of combining {@code candidates} by {@code method} (members of one
     * {@code groups} value first averaged, for hierarchical), the weights chosen by {@code chooser} on
     * one half of the validation rows and scored on the other: the halvings of
     * {@link #heldOutAccuracy(Library, List, int, long)} with the same seed.
     */
    public static double heldOutAccuracy(List<double[][]> candidates, int[] labels, Chooser chooser, Method method,
                                         int[] groups, int repeats, long seed) {
        int n = labels.length;
        double right = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < repeats; r++) {
            int[] perm = Datasets.permutation(n, random);
            int[] a = Arrays.copyOfRange(perm, 0, n / 2);
            int[] b = Arrays.copyOfRange(perm, n / 2, n);
            for (int[][] fold : new int[][][]{{a, b}, {b, a}}) {
                double[] weights = chooser.weights(rows(candidates, fold[0]), rows(labels, fold[0]));
                int[] scoreY = rows(labels, fold[1]);
                int[] predicted = Combination.labels(method, rows(candidates, fold[1]), weights, groups);
                right += Metric.accuracyOfLabels(predicted, scoreY) * scoreY.length;
            }
        }
        return right / ((double) repeats * n);
    }

    /** The best single candidate, chosen on each half as {@code bench ensemble}'s "best single" way. */
    public static double bestSingleHeldOut(List<double[][]> candidates, int[] labels, int repeats, long seed) {
        int[] groups = new int[candidates.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = i;
        }
        return heldOutAccuracy(candidates, labels, ValidationCrossCheck::bestSingle, Method.SOFT_VOTE, groups, repeats,
                seed);
    }

    /** One-hot on the candidate with the best accuracy on these rows (log loss, then rank breaking ties). */
    static double[] bestSingle(List<double[][]> candidates, int[] labels) {
        int best = 0;
        double bestAcc = Double.NaN;
        double bestLoss = Double.NaN;
        for (int c = 0; c < candidates.size(); c++) {
            double acc = Metric.accuracy(candidates.get(c), labels);
            double loss = Metric.logLoss(candidates.get(c), labels);
            if (c == 0 || acc > bestAcc || (acc == bestAcc && loss < bestLoss)) {
                best = c;
                bestAcc = acc;
                bestLoss = loss;
            }
        }
        double[] w = new double[candidates.size()];
        w[best] = 1;
        return w;
    }

    private static double[] equal(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    private static List<double[][]> rows(List<double[][]> probs, int[] index) {
        List<double[][]> out = new ArrayList<>();
        for (double[][] p : probs) {
            double[][] sub = new double[index.length][];
            for (int i = 0; i < index.length; i++) {
                sub[i] = p[index[i]];
            }
            out.add(sub);
        }
        return out;
    }

    private static int[] rows(int[] labels, int[] index) {
        int[] out = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            out[i] = labels[index[i]];
        }
        return out;
    }
}
