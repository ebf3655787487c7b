package dev.liandan.bench;

/**
 * A configuration's learning curve on one task as the surrogate predicts it, epochs 1..52.
 *
 * @param valAccuracy validation accuracy in percent after each epoch
 * @param elapsed     training time in seconds up to the end of each epoch: the surrogate's
 *                    cumulative {@code time}, made non-decreasing and non-negative (the network
 *                    predicts each epoch separately, and a later epoch must not cost negative time)
 */
public record LcbenchCurve(double[] valAccuracy, double[] elapsed) {

    static LcbenchCurve of(float[][] outputs) {
        int n = outputs.length;
        double[] acc = new double[n];
        double[] time = new double[n];
        double running = 0;
        for (int e = 0; e < n; e++) {
            acc[e] = outputs[e][LcbenchSurrogate.VAL_ACCURACY];
            running = Math.max(running, outputs[e][LcbenchSurrogate.TIME]);
            time[e] = running;
        }
        return new LcbenchCurve(acc, time);
    }

    public int epochs() {
        return valAccuracy.length;
    }

    /** Validation accuracy after {@code epoch} (1-based). */
    public double accuracy(int epoch) {
        return valAccuracy[epoch - 1];
    }

    /** Seconds that epoch {@code epoch} (1-based) takes. */
    public double epochCost(int epoch) {
        return elapsed[epoch - 1] - (epoch == 1 ? 0 : elapsed[epoch - 2]);
    }

    /** Seconds of a full training, all epochs. */
    public double fullCost() {
        return elapsed[elapsed.length - 1];
    }
}
