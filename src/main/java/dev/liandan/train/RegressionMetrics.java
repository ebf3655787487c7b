package dev.liandan.train;

/**
 * The errors of predictions against true values, both in the target's own units: root mean squared
 * error, mean absolute error and the coefficient of determination R² ({@code 1 - SS_res / SS_tot},
 * SS_tot about the mean of the true values scored; 1 is perfect, 0 is as good as predicting that
 * mean, below 0 is worse).
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    public static double rmse(double[] predicted, double[] truth) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double r = predicted[i] - truth[i];
            sum += r * r;
        }
        return truth.length == 0 ? Double.NaN : Math.sqrt(sum / truth.length);
    }

    public static double mae(double[] predicted, double[] truth) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum += Math.abs(predicted[i] - truth[i]);
        }
        return truth.length == 0 ? Double.NaN : sum / truth.length;
    }

    /** R²; NaN when the true values are all equal (nothing to explain). */
    public static double r2(double[] predicted, double[] truth) {
        double mean = 0;
        for (double t : truth) {
            mean += t;
        }
        mean /= truth.length;
        double res = 0;
        double tot = 0;
        for (int i = 0; i < truth.length; i++) {
            res += (predicted[i] - truth[i]) * (predicted[i] - truth[i]);
            tot += (truth[i] - mean) * (truth[i] - mean);
        }
        return tot == 0 ? Double.NaN : 1 - res / tot;
    }
}
