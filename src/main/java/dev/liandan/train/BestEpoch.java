package dev.liandan.train;

import dev.liandan.core.Direction;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The best epoch of a training so far by the study's metric, with a copy of its network
 * parameters, so that the network kept at the end is the best one and {@code patience} epochs
 * without improvement can stop the training early.
 */
final class BestEpoch {

    private final String metric;
    private final Direction direction;
    private final int patience;
    private Map<String, Double> metrics;
    private int epoch;
    private INDArray params;

    BestEpoch(String metric, Direction direction, int patience) {
        this.metric = metric;
        this.direction = direction;
        this.patience = patience;
    }

    /** Keeps {@code metrics} and a copy of {@code net}'s parameters if they beat the best so far; says whether. */
    boolean offer(int epoch, Map<String, Double> metrics, Model net) {
        if (this.metrics != null && !direction.better(metrics.get(metric), this.metrics.get(metric))) {
            return false;
        }
        this.metrics = metrics;
        this.epoch = epoch;
        this.params = net.params().dup();
        return true;
    }

    /** Whether {@code patience} (0: none) epochs up to {@code current} brought no improvement. */
    boolean patienceRanOut(int current) {
        return patience > 0 && current - epoch >= patience;
    }

    /** Puts the best epoch's parameters back into {@code net}; says whether they differed from the last epoch's. */
    boolean restore(Model net, int lastEpoch) {
        if (epoch == lastEpoch) {
            return false;
        }
        net.setParams(params);
        return true;
    }

    /** The best epoch's metrics, null before the first epoch. */
    Map<String, Double> metrics() {
        return metrics;
    }

    /** The best epoch, 0 before the first. */
    int epoch() {
        return epoch;
    }
}
