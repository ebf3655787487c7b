package dev.liandan.train;

import dev.liandan.space.DataSpec;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How the inputs a network was trained on were scaled: {@code (x - center) / scale} per feature,
 * and the method that gave those numbers. Saved inside every trial's {@code model.zip} (a
 * {@code ModelSerializer} object entry), so that fine-tuning can check that the carried-over
 * layers see inputs scaled as in their training: a network pre-trained on inputs min-max scaled
 * with statistics of digits 0-4 and fine-tuned on digits 5-9 scaled with statistics of 5-9 sees
 * pixels its pre-training always saw as 0 arrive unscaled, up to 254 (measured on the shipped
 * MNIST 10k: 155 of 784 pixels differ in range by more than 10 %).
 */
record InputScaling(String method, double[] center, double[] scale) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The key of the entry in {@code model.zip}. */
    static final String KEY = "liandan-input-scaling";

    static InputScaling of(FeatureScaler s) {
        int d = s.featureCount();
        double[] c = new double[d];
        double[] k = new double[d];
        for (int j = 0; j < d; j++) {
            c[j] = s.center(j);
            k[j] = s.scale(j);
        }
        return new InputScaling(s.method().name(), c, k);
    }

    /**
     * Why a network trained on inputs scaled by {@code this} would see inputs scaled by
     * {@code other} differently (a relative difference above 1e-6 in any feature's centre or
     * scale), or null when they agree.
     */
    String mismatch(InputScaling other) {
        if (center.length != other.center.length) {
            return center.length + " features against " + other.center.length;
        }
        if (!method.equals(other.method)) {
            return method.toLowerCase(java.util.Locale.ROOT) + " against " + other.method.toLowerCase(java.util.Locale.ROOT);
        }
        int differ = 0;
        for (int j = 0; j < center.length; j++) {
            if (!close(center[j], other.center[j]) || !close(scale[j], other.scale[j])) {
                differ++;
            }
        }
        return differ == 0 ? null : differ + " of " + center.length + " features are scaled differently";
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** True for the methods whose statistics come from each study's own training split. */
    boolean fitted() {
        return method.equals(DataSpec.Normalization.STANDARD.name()) || method.equals(DataSpec.Normalization.MINMAX.name());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputScaling s && method.equals(s.method) && Arrays.equals(center, s.center)
                && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return method.hashCode() * 31 + Arrays.hashCode(center);
    }
}
