package dev.liandan.ensemble;

import dev.liandan.core.Direction;
import dev.liandan.core.UserError;

/**
 * What an ensemble is chosen by and scored with: accuracy (made large) or the mean cross-entropy
 * of the true class (made small). A study's objective {@code val_accuracy} or {@code val_loss}
 * names one of them.
 */
public enum Metric {
    ACCURACY("accuracy", Direction.MAXIMIZE),
    LOG_LOSS("log_loss", Direction.MINIMIZE);

    /** Probabilities are clipped here before the log, as the trials' own val_loss is. */
    static final double PROBABILITY_FLOOR = 1e-10;

    private final String id;
    private final Direction direction;

    Metric(String id, Direction direction) {
        this.id = id;
        this.direction = direction;
    }

    public String id() {
        return id;
    }

    public Direction direction() {
        return direction;
    }

    /** The metric of a study's objective: val_loss is log loss, anything else accuracy. */
    public static Metric ofObjective(String objectiveMetric) {
        return objectiveMetric.equals("val_loss") ? LOG_LOSS : ACCURACY;
    }

    /** The metric named {@code accuracy} or {@code log_loss}. */
    public static Metric ofId(String id) {
        for (Metric m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new UserError("unknown metric '" + id + "': expected accuracy or log_loss");
    }

    public double score(double[][] probs, int[] labels) {
        return this == ACCURACY ? accuracy(probs, labels) : logLoss(probs, labels);
    }

    /** True when {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) {
        return direction.better(a, b);
    }

    public static double accuracy(double[][] probs, int[] labels) {
        return accuracyOfLabels(Combination.argmax(probs), labels);
    }

    public static double accuracyOfLabels(int[] predicted, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                right++;
            }
        }
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }

    public static double logLoss(double[][] probs, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(Math.max(probs[i][labels[i]], PROBABILITY_FLOOR));
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }
}
