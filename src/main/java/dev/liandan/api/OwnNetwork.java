package dev.liandan.api;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.train.OwnNetworkTraining;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.IOException;

/**
 * Trains your own DL4J network inside a trial, with liandan's craft: one epoch at a time, the
 * validation split scored in inference mode after each, each epoch reported to the trial (so
 * the study's pruner can stop it: then this throws {@link TrialPruned}), early stopping after
 * {@code patience} epochs without improvement, a NaN loss ending the trial FAILED, native memory
 * guarded, and the network of the best epoch kept in the trial's folder with its validation
 * predictions ({@code model.zip}, {@code val_predictions.csv}).
 *
 * <pre>{@code
 * study.optimize(trial -> {
 *     ComputationGraph net = myResNet(trial.suggestFloat("lr", 1e-4, 1e-2, true), trial.suggestInt("width", 8, 32));
 *     return OwnNetwork.train(trial, net, trainIterator, validationIterator, OwnNetwork.epochs(5).patience(2));
 * }, 20);
 * }</pre>
 *
 * The objective value is {@code val_accuracy} in a maximising study and {@code val_loss} in a
 * minimising one, unless {@link Settings#metric} names another.
 *
 * <p>Beside the model and its predictions the trial keeps {@code input.json}: one example's shape as
 * the validation iterator gave it and the class names (the iterator's labels, else the indices), so
 * that {@link Study#buildEnsemble()} and {@code liandan ensemble} combine such trials and
 * {@code liandan predict} reads flat rows. When the validation iterator's pre-processor is a DL4J
 * {@link org.nd4j.linalg.dataset.api.preprocessor.DataNormalization} (fitted on your training data),
 * it is saved in {@code model.zip} and applied to the rows an ensemble predicts, which are then raw
 * values; any other scaling is yours, and rows to predict must come scaled as the iterator gave them.
 */
public final class OwnNetwork {
    private OwnNetwork() {
    }

    /** Settings for at most {@code n} epochs, no early stopping, the network's own learning rate. */
    public static Settings epochs(int n) {
        return new Settings(n, 0, null, null);
    }

    /** How {@link #train} trains; each method returns changed settings. */
    public record Settings(int epochs, int patience, ISchedule learningRate, String metric) {
        /** Stops after {@code n} epochs without a better objective. */
        public Settings patience(int n) {
            return new Settings(epochs, n, learningRate, metric);
        }

        /** Replaces the network's learning rate by this schedule (one of liandan's, or DL4J's). */
        public Settings learningRate(ISchedule schedule) {
            return new Settings(epochs, patience, schedule, metric);
        }

        /** The objective: {@code val_accuracy}, {@code val_loss} or {@code train_loss}. */
        public Settings metric(String name) {
            return new Settings(epochs, patience, learningRate, name);
        }
    }

    /**
     * Trains {@code net} ({@link MultiLayerNetwork} or single-output {@link ComputationGraph},
     * initialised) and returns the best epoch's objective value.
     *
     * @throws TrialPruned when the study's pruner stops the trial (its best network is kept first)
     * @throws IllegalStateException when the loss diverges (the trial is then recorded FAILED with the reason)
     */
    public static double train(Trial trial, Model net, DataSetIterator train, DataSetIterator validation,
                               Settings settings) throws IOException {
        Direction direction = trial.direction();
        String metric = settings.metric() != null ? settings.metric()
                : direction == Direction.MAXIMIZE ? "val_accuracy" : "val_loss";
        OwnNetworkTraining.Result result = OwnNetworkTraining.train(net, train, validation,
                new OwnNetworkTraining.Settings(settings.epochs(), settings.patience(), settings.learningRate(), metric,
                        direction),
                (epoch, metrics) -> {
                    trial.report(epoch, metrics.get(metric));
                    return !trial.shouldPrune();
                }, trial.artifactDir().orElse(null));
        if (result.state() == TrialState.FAILED) {
            throw new IllegalStateException(result.failReason());
        }
        if (result.state() == TrialState.PRUNED) {
            throw new TrialPruned("pruned after epoch " + result.epochs());
        }
        return result.best().get(metric);
    }
}
