package dev.liandan.train;

import dev.liandan.space.DataSpec.Normalization;

import java.util.Arrays;

/**
 * Per-feature normalisation, fitted on the training split only (so that no statistic of the
 * validation or test rows leaks into training) and applied to every split and, later, to the rows
 * an exported ensemble is asked to predict. All four statistics are kept whatever the method, so
 * that a bundle can record them; {@link #transform} uses the ones {@code method} names.
 *
 * <ul>
 *   <li>STANDARD: {@code (x - mean) / std}, population std; a constant feature keeps std 1.</li>
 *   <li>MINMAX: {@code (x - min) / (max - min)}; a constant feature keeps range 1.</li>
 *   <li>NONE: {@code x}.</li>
 *   <li>PIXELS: {@code x / 255}, fitted on nothing: 8-bit image data scaled the same in every
 *       study, which transfer learning needs (a network fine-tuned on other classes must see
 *       inputs scaled as in its pre-training).</li>
 * </ul>
 */
public record FeatureScaler(Normalization method, double[] mean, double[] std, double[] min, double[] max) {

    public FeatureScaler {
        mean = mean.clone();
        std = std.clone();
        min = min.clone();
        max = max.clone();
    }

    /** Fits the statistics on {@code n} rows of {@code d} features, row-major. */
    public static FeatureScaler fit(Normalization method, double[] rows, int n, int d) {
        double[] mean = new double[d];
        double[] m2 = new double[d];
        double[] min = new double[d];
        double[] max = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        // Welford's update: numerically stable in one pass.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double x = rows[i * d + j];
                double delta = x - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (x - mean[j]);
                min[j] = Math.min(min[j], x);
                max[j] = Math.max(max[j], x);
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = n > 0 ? Math.sqrt(m2[j] / n) : 0;
            if (n == 0) {
                min[j] = 0;
                max[j] = 0;
            }
        }
        return new FeatureScaler(method, mean, std, min, max);
    }

    public int featureCount() {
        return mean.length;
    }

    /** What is subtracted from feature {@code j}. */
    public double center(int j) {
        switch (method) {
            case STANDARD:
                return mean[j];
            case MINMAX:
                return min[j];
            case PIXELS:
            default:
                return 0;
        }
    }

    /** What feature {@code j} is divided by after centring (never 0). */
    public double scale(int j) {
        double s;
        switch (method) {
            case STANDARD:
                s = std[j];
                break;
            case MINMAX:
                s = max[j] - min[j];
                break;
            case PIXELS:
                return 255;
            default:
                return 1;
        }
        return s > 0 && Double.isFinite(s) ? s : 1;
    }

    /** One raw row, normalised. */
    public float[] transform(double[] row) {
        if (row.length != featureCount()) {
            throw new IllegalArgumentException("expected " + featureCount() + " features, got " + row.length);
        }
        float[] out = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (float) ((row[j] - center(j)) / scale(j));
        }
        return out;
    }

    /** {@code n} raw rows, row-major, normalised into floats. */
    float[] transformAll(double[] rows, int n) {
        int d = featureCount();
        double[] c = new double[d];
        double[] s = new double[d];
        for (int j = 0; j < d; j++) {
            c[j] = center(j);
            s[j] = scale(j);
        }
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) ((rows[i * d + j] - c[j]) / s[j]);
            }
        }
        return out;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public double[] min() {
        return min.clone();
    }

    @Override
    public double[] max() {
        return max.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler f && method == f.method && Arrays.equals(mean, f.mean)
                && Arrays.equals(std, f.std) && Arrays.equals(min, f.min) && Arrays.equals(max, f.max);
    }

    @Override
    public int hashCode() {
        return 31 * method.hashCode() + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "FeatureScaler[" + method + ", " + featureCount() + " features]";
    }
}
