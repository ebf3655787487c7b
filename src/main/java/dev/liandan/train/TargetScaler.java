package dev.liandan.train;

import java.io.Serializable;

/**
 * How a regression target is standardised for training: {@code z = (y - mean) / std}, with the mean
 * and (population) standard deviation of the training split only. A network learns a target of
 * unit scale with the same learning rates whatever the target's units; its outputs are turned back
 * into the target's units with {@link #restore}. Saved inside every regression trial's
 * {@code model.zip} under {@value #KEY}, so that a model file alone predicts in the right units.
 */
public record TargetScaler(double mean, double std) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The key of the entry in {@code model.zip}. */
    public static final String KEY = "liandan-target-scaling";

    public TargetScaler {
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("target scaling mean " + mean + ", std " + std);
        }
    }

    /** The statistics of {@code y}; a constant target keeps std 1 (nothing to scale). */
    public static TargetScaler fit(double[] y) {
        double sum = 0;
        for (double v : y) {
            sum += v;
        }
        double mean = y.length == 0 ? 0 : sum / y.length;
        double squares = 0;
        for (double v : y) {
            squares += (v - mean) * (v - mean);
        }
        double std = y.length == 0 ? 0 : Math.sqrt(squares / y.length);
        return new TargetScaler(mean, std > 0 ? std : 1);
    }

    public float standardise(double y) {
        return (float) ((y - mean) / std);
    }

    public double restore(double z) {
        return z * std + mean;
    }
}
