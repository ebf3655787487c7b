package dev.liandan.train;

import dev.liandan.core.TrialState;
import dev.liandan.study.EpochListener;
import dev.liandan.study.FailureReason;
import dev.liandan.study.TrialOutcome;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.Map;

/**
 * The epochs of a dl4j trial, for classification, regression and a user's own network alike:
 * train an epoch, score the validation split, fail on a loss that is NaN or infinite, keep the
 * best epoch, tell the listener (which may prune the trial), and stop when {@code patience} runs
 * out. What is scored, and what else is kept of the best epoch, is the {@link Validation}'s.
 */
final class EpochLoop {

    /** An epoch's scores on the validation split. */
    interface Validation {
        /**
         * The metrics of the network as trained so far, {@code val_loss} and {@code train_loss}
         * ({@code trainLoss}, the epoch's mean minibatch loss) among them.
         */
        Map<String, Double> score(double trainLoss);

        /** Why the trial cannot go on with {@code metrics}, whose losses are finite; null when it can. */
        default String invalid(Map<String, Double> metrics) {
            return null;
        }

        /** The epoch just scored is the best so far. */
        default void best() {
        }
    }

    /**
     * How the epochs ended: COMPLETE or PRUNED after {@code epochs} epochs, or the outcome of a
     * trial that failed ({@code failed}, otherwise null).
     */
    record Ended(TrialState state, int epochs, TrialOutcome failed) {
    }

    private EpochLoop() {
    }

    /**
     * Trains {@code net} (a {@link MultiLayerNetwork}, or a {@link ComputationGraph} of one input and
     * one output, which a DataSetIterator can train) on {@code batches} for up to {@code epochs}
     * epochs; {@code trainLoss} must be one of its listeners. {@code nonFiniteHint} is appended to
     * the reason of a NaN or infinite loss. Leaves the last epoch's parameters in {@code net};
     * {@code best} holds the best epoch's.
     */
    static Ended run(Model net, DataSetIterator batches, EpochLossMeter trainLoss, int epochs, BestEpoch best,
                     EpochListener listener, Validation validation, String nonFiniteHint) {
        int epoch = 0;
        while (epoch < epochs) {
            epoch++;
            if (epoch > 1) {
                batches.reset();
            }
            trainLoss.start();
            try {
                fit(net, batches);
            } catch (RuntimeException e) {
                return failed("training failed at epoch " + epoch + ": " + FailureReason.of(e), epoch);
            }
            double train = trainLoss.mean();
            Map<String, Double> metrics = validation.score(train);
            double valLoss = metrics.get("val_loss");
            if (!Double.isFinite(train) || !Double.isFinite(valLoss)) {
                boolean nan = Double.isNaN(train) || Double.isNaN(valLoss);
                return failed("loss became " + (nan ? "NaN" : "infinite") + " at epoch " + epoch
                        + " (train_loss=" + train + ", val_loss=" + valLoss + ")" + nonFiniteHint, epoch);
            }
            String invalid = validation.invalid(metrics);
            if (invalid != null) {
                return failed(invalid, epoch);
            }
            if (best.offer(epoch, metrics, net)) {
                validation.best();
            }
            if (!listener.epochEnded(epoch, Map.copyOf(metrics))) {
                return new Ended(TrialState.PRUNED, epoch, null);
            }
            if (best.patienceRanOut(epoch)) {
                break;
            }
        }
        return new Ended(TrialState.COMPLETE, epoch, null);
    }

    private static void fit(Model net, DataSetIterator batches) {
        if (net instanceof MultiLayerNetwork m) {
            m.fit(batches);
        } else {
            ((ComputationGraph) net).fit(batches);
        }
    }

    private static Ended failed(String reason, int epoch) {
        return new Ended(TrialState.FAILED, epoch, TrialOutcome.failed(reason, epoch));
    }
}
