package dev.liandan.report;

import dev.liandan.study.Trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Parameter importance with its uncertainty: the fANOVA shares ({@link Fanova}) of the complete
 * trials, and how much they move when the trials are resampled with replacement (the bootstrap,
 * Efron 1979). With few trials the shares are noisy; the spread says how noisy, so they are shown
 * from {@link #MIN_TRIALS} complete trials on rather than hidden until there are many.
 */
final class Importance {
    /** Fewer complete trials than this and there is nothing to split on. */
    static final int MIN_TRIALS = 5;
    /** Bootstrap resamples behind the spread. */
    static final int RESAMPLES = 20;
    /** Trees of each resample's forest: the spread needs many resamples more than large forests. */
    static final int RESAMPLE_TREES = 16;

    /**
     * @param mean   the share from all complete trials (a forest of {@link Fanova#TREES} trees)
     * @param spread the standard deviation of the share over the bootstrap resamples
     */
    record Share(double mean, double spread) {
    }

    private Importance() {
    }

    /** The shares by parameter, largest first; empty below {@link #MIN_TRIALS} complete trials or without axes. */
    static Map<String, Share> of(List<ParamAxis> axes, List<Trial> complete) {
        Map<String, Share> out = new LinkedHashMap<>();
        int n = complete.size();
        int d = axes.size();
        if (n < MIN_TRIALS || d == 0) {
            return out;
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Trial t = complete.get(i);
            y[i] = t.value();
            for (int j = 0; j < d; j++) {
                double u = axes.get(j).unit(t.params().get(axes.get(j).name()));
                // an inactive (conditional) parameter sits mid-range for the surrogate
                x[i][j] = Double.isNaN(u) ? 0.5 : u;
            }
        }
        double[] share = Fanova.importances(x, y, 0);
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        SplittableRandom random = new SplittableRandom(1);
        for (int b = 0; b < RESAMPLES; b++) {
            double[][] bx = new double[n][];
            double[] by = new double[n];
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                bx[i] = x[k];
                by[i] = y[k];
            }
            double[] s = Fanova.importances(bx, by, b + 1, RESAMPLE_TREES);
            for (int j = 0; j < d; j++) {
                sum[j] += s[j];
                sumSq[j] += s[j] * s[j];
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            order.add(j);
        }
        order.sort((p, q) -> Double.compare(share[q], share[p]));
        for (int j : order) {
            double mean = sum[j] / RESAMPLES;
            double sd = Math.sqrt(Math.max(0, sumSq[j] / RESAMPLES - mean * mean));
            out.put(axes.get(j).name(), new Share(share[j], sd));
        }
        return out;
    }
}
