package dev.liandan.train;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.study.EpochListener;
import dev.liandan.study.StudyLayout;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Trains a network a user built themselves (a {@link MultiLayerNetwork} or a single-output
 * {@link ComputationGraph}) on their own iterators, the way the dl4j backend trains its own: one
 * epoch at a time, scoring the validation iterator in inference mode after each
 * ({@code val_accuracy}, {@code val_loss} as the mean cross-entropy of the predicted
 * probabilities, {@code train_loss}), telling the listener, which may stop it (pruning), stopping
 * after {@code patience} epochs without improvement, failing on a NaN or infinite loss, and
 * keeping the network of the best epoch: its parameters are restored at the end and written as
 * the trial's artifacts ({@link StudyLayout#MODEL_FILE}, {@link StudyLayout#PREDICTIONS_FILE},
 * {@link StudyLayout#INPUT_FILE})
 * when there is an artifact folder. Native memory is guarded as in the dl4j backend.
 */
public final class OwnNetworkTraining {
    /** The metrics measured each epoch, any of which may be the objective. */
    public static final List<String> METRICS = List.of("val_accuracy", "val_loss", "train_loss");
    private static final double PROBABILITY_FLOOR = 1e-10;

    /**
     * How to train.
     *
     * @param epochs       at most this many epochs
     * @param patience     stop after this many epochs without a better objective; 0: never early
     * @param learningRate a schedule that replaces the network's learning rate, or null to keep it
     * @param metric       the objective among {@link #METRICS}
     * @param direction    whether the metric is maximised or minimised
     */
    public record Settings(int epochs, int patience, ISchedule learningRate, String metric, Direction direction) {
        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be >= 0, got " + patience);
            }
            if (!METRICS.contains(metric)) {
                throw new IllegalArgumentException("the metric must be one of " + METRICS + ", got " + metric);
            }
            Objects.requireNonNull(direction);
        }
    }

    /**
     * How the training ended.
     *
     * @param state       COMPLETE, PRUNED (the listener said stop) or FAILED
     * @param best        the metrics of the best epoch (empty if none finished)
     * @param epochs      epochs trained
     * @param bestEpoch   the epoch whose network was kept
     * @param failReason  why it FAILED, else null
     */
    public record Result(TrialState state, Map<String, Double> best, int epochs, int bestEpoch, String failReason) {
    }

    private OwnNetworkTraining() {
    }

    /**
     * Trains {@code net} (already initialised) on {@code train}, scoring {@code validation} after
     * each epoch; writes the kept network's artifacts into {@code artifactDir} when it is not null.
     */
    public static Result train(Model net, DataSetIterator train, DataSetIterator validation, Settings settings,
                               EpochListener listener, Path artifactDir) throws IOException {
        if (!(net instanceof MultiLayerNetwork) && !(net instanceof ComputationGraph)) {
            throw new IllegalArgumentException("a MultiLayerNetwork or a ComputationGraph, not " + net.getClass().getName());
        }
        if (net instanceof ComputationGraph g && g.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("a ComputationGraph with one output, not " + g.getNumOutputArrays());
        }
        if (settings.learningRate() != null) {
            if (net instanceof MultiLayerNetwork m) {
                m.setLearningRate(settings.learningRate());
            } else {
                ((ComputationGraph) net).setLearningRate(settings.learningRate());
            }
        }
        EpochLossMeter trainLoss = new EpochLossMeter();
        net.setListeners(trainLoss, new NativeMemoryGuard());
        BestEpoch best = new BestEpoch(settings.metric(), settings.direction(), settings.patience());
        train.reset(); // the caller's iterator may have been read before
        EpochLoop.Ended ended = EpochLoop.run(net, train, trainLoss, settings.epochs(), best, listener,
                trainLossMean -> {
                    Scores val = score(net, validation);
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("val_accuracy", val.accuracy());
                    metrics.put("val_loss", val.loss());
                    metrics.put("train_loss", trainLossMean);
                    return metrics;
                }, "");
        if (ended.failed() != null) {
            return new Result(TrialState.FAILED, bestSoFar(best), ended.epochs(), best.epoch(), ended.failed().failReason());
        }
        best.restore(net, ended.epochs());
        if (artifactDir != null) {
            writeArtifacts(net, validation, artifactDir);
        }
        return new Result(ended.state(), bestSoFar(best), ended.epochs(), best.epoch(), null);
    }

    private static Map<String, Double> bestSoFar(BestEpoch best) {
        return best.metrics() == null ? Map.of() : best.metrics();
    }

    private static INDArray output(Model net, INDArray features) {
        return net instanceof MultiLayerNetwork m ? m.output(features, false)
                : ((ComputationGraph) net).outputSingle(false, features);
    }

    private record Scores(double accuracy, double loss) {
    }

    /** Accuracy and mean cross-entropy over the validation iterator, in inference mode. */
    private static Scores score(Model net, DataSetIterator validation) {
        validation.reset();
        long rows = 0;
        long right = 0;
        double loss = 0;
        while (validation.hasNext()) {
            DataSet batch = validation.next();
            INDArray probs = output(net, batch.getFeatures());
            INDArray labels = batch.getLabels();
            int n = (int) probs.rows();
            for (int i = 0; i < n; i++) {
                int truth = labels.getRow(i).argMax().getInt(0);
                int guess = probs.getRow(i).argMax().getInt(0);
                right += truth == guess ? 1 : 0;
                double p = probs.getDouble(i, truth);
                loss -= Double.isNaN(p) ? Double.NaN : Math.log(Math.max(p, PROBABILITY_FLOOR));
            }
            rows += n;
        }
        if (rows == 0) {
            throw new IllegalArgumentException("the validation iterator gave no rows");
        }
        return new Scores((double) right / rows, loss / rows);
    }

    /**
     * The model file (with the validation iterator's DL4J normaliser, when it has one: a
     * {@link DataNormalization} pre-processor, so that the kept network reads raw inputs as the
     * iterator's source gave them), {@code row,label,p_0,...,p_<k-1>}: one line per validation row in
     * the iterator's order (row = its index there, label = its class index), and the input
     * description ({@link NetworkInput}: one example's shape, the iterator's class names or the class
     * indices). Each is written beside and then moved, so that a reader never sees half a file.
     */
    static void writeArtifacts(Model net, DataSetIterator validation, Path dir) throws IOException {
        Files.createDirectories(dir);
        DataNormalization normalizer = validation.getPreProcessor() instanceof DataNormalization n ? n : null;
        Path tmp = dir.resolve(StudyLayout.MODEL_FILE + ".tmp");
        ModelSerializer.writeModel(net, tmp.toFile(), true);
        if (normalizer != null) {
            // added afterwards: writeModel(..., normalizer) of DL4J 1.0.0-M2.1 fails writing it ("stream is closed")
            ModelSerializer.addNormalizerToModel(tmp.toFile(), normalizer);
        }
        AtomicFiles.replace(tmp, dir.resolve(StudyLayout.MODEL_FILE));
        Path predsTmp = dir.resolve(StudyLayout.PREDICTIONS_FILE + ".tmp");
        validation.reset();
        long[] shape = null;
        int k = 0;
        try (Writer w = Files.newBufferedWriter(predsTmp, StandardCharsets.UTF_8)) {
            int row = 0;
            while (validation.hasNext()) {
                DataSet batch = validation.next();
                INDArray probs = output(net, batch.getFeatures());
                if (shape == null) {
                    long[] batchShape = batch.getFeatures().shape();
                    shape = Arrays.copyOfRange(batchShape, 1, batchShape.length);
                    k = (int) probs.columns();
                    StringBuilder sb = new StringBuilder("row,label");
                    for (int c = 0; c < k; c++) {
                        sb.append(",p_").append(c);
                    }
                    w.write(sb.append('\n').toString());
                }
                for (int i = 0; i < probs.rows(); i++) {
                    StringBuilder sb = new StringBuilder().append(row++).append(',')
                            .append(batch.getLabels().getRow(i).argMax().getInt(0));
                    for (int c = 0; c < k; c++) {
                        sb.append(',').append(probs.getFloat(i, c));
                    }
                    w.write(sb.append('\n').toString());
                }
            }
        }
        AtomicFiles.replace(predsTmp, dir.resolve(StudyLayout.PREDICTIONS_FILE));
        new NetworkInput(Arrays.stream(shape).boxed().toList(), classNames(validation, k))
                .write(dir.resolve(StudyLayout.INPUT_FILE));
    }

    /** The iterator's class names when it knows one per output, else the class indices. */
    private static List<String> classNames(DataSetIterator validation, int k) {
        List<String> names;
        try {
            names = validation.getLabels();
        } catch (UnsupportedOperationException e) {
            names = null;
        }
        if (names != null && names.size() == k && names.stream().allMatch(n -> n != null && !n.isBlank())
                && names.stream().distinct().count() == k) {
            return List.copyOf(names);
        }
        return IntStream.range(0, k).mapToObj(Integer::toString).toList();
    }
}
