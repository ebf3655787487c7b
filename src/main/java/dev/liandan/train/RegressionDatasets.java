package dev.liandan.train;

import dev.liandan.core.UserError;
import dev.liandan.space.DataSpec;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a regression study's CSV file into {@link RegressionData}: every column but the label is a
 * numeric feature, the label a number. Rows go to test, validation and train by one shuffle seeded
 * with {@code split_seed} (the first {@code round(n * test)} rows of the shuffle are the test split,
 * the next {@code round(n * validation)} the validation split; there are no classes to stratify by);
 * features are normalised and the target standardised with statistics of the training split.
 */
public final class RegressionDatasets {
    private static final Map<DataSpec, RegressionData> CACHE = new ConcurrentHashMap<>();

    private RegressionDatasets() {
    }

    /** The data of {@code spec}, read on first use in this JVM and shared read-only afterwards. */
    public static RegressionData load(DataSpec spec) {
        DataSpec key = new DataSpec(spec.path().toAbsolutePath().normalize(), spec.label(), spec.validation(),
                spec.test(), spec.splitSeed(), spec.normalize(), spec.format(), null, List.of(), null, spec.task());
        RegressionData cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        RegressionData read = read(key);
        RegressionData prior = CACHE.putIfAbsent(key, read);
        return prior != null ? prior : read;
    }

    /** Reads, splits and scales {@code spec}'s file, bypassing the cache. */
    public static RegressionData read(DataSpec spec) {
        if (!"csv".equals(spec.format())) {
            throw new UserError(Datasets.fileName(spec.path()) + ": regression reads CSV files, not format "
                    + spec.format());
        }
        Datasets.Table table = Datasets.readCsv(spec.path(), spec.label());
        int n = table.size();
        int d = table.featureNames.size();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Datasets.number(table.labels.get(i), table.file, table.rowNumbers[i], spec.label());
        }
        int nTest = (int) Math.round(n * spec.test());
        int nVal = (int) Math.round(n * spec.validation());
        if (nVal < 1) {
            throw new UserError(table.file + ": a validation fraction of " + spec.validation() + " of " + n
                    + " rows leaves no validation rows");
        }
        if (n - nVal - nTest < 1) {
            throw new UserError(table.file + ": the validation and test fractions leave no training rows of " + n);
        }
        int[] order = Datasets.permutation(n, new Random(spec.splitSeed()));
        int[][] members = {
                java.util.Arrays.copyOfRange(order, nTest + nVal, n),
                java.util.Arrays.copyOfRange(order, nTest, nTest + nVal),
                java.util.Arrays.copyOfRange(order, 0, nTest)};
        double[] trainRaw = gather(table.features, members[0], d);
        FeatureScaler scaler = FeatureScaler.fit(spec.normalize(), trainRaw, members[0].length, d);
        String[] names = {"train", "validation", "test"};
        Split[] splits = new Split[3];
        double[][] targets = new double[3][];
        for (int s = 0; s < 3; s++) {
            int[] idx = members[s];
            int[] rows = new int[idx.length];
            targets[s] = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                rows[k] = table.rowNumbers[idx[k]];
                targets[s][k] = y[idx[k]];
            }
            float[] x = scaler.transformAll(gather(table.features, idx, d), idx.length);
            splits[s] = new Split(names[s], rows, x, new int[idx.length], d, 1);
        }
        Dataset data = new Dataset(spec.path(), spec.label(), table.featureNames, List.of(spec.label()), scaler,
                splits[0], splits[1], splits[2]);
        return new RegressionData(data, TargetScaler.fit(targets[0]), targets[0], targets[1], targets[2]);
    }

    /** Forgets every loaded data set (tests). */
    public static void clearCache() {
        CACHE.clear();
    }

    private static double[] gather(double[] x, int[] idx, int d) {
        double[] out = new double[idx.length * d];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(x, idx[k] * d, out, k * d, d);
        }
        return out;
    }
}
