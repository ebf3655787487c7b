package dev.liandan.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/** The mean minibatch loss of an epoch, each minibatch weighted by its rows. */
final class EpochLossMeter extends BaseTrainingListener {
    private double sum;
    private long rows;

    void start() {
        sum = 0;
        rows = 0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long b = Math.max(1, model.batchSize());
        sum += model.score() * b;
        rows += b;
    }

    double mean() {
        return rows == 0 ? Double.NaN : sum / rows;
    }
}
