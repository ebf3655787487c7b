package dev.liandan.train;

import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.space.Objective;
import dev.liandan.train.config.LossConfig;
import dev.liandan.study.EpochListener;
import dev.liandan.study.TrialOutcome;
import dev.liandan.study.TrialRequest;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dl4j backend for {@code data.task: regression}: the network the trial's params describe with
 * one linear output, fitted with MSE, MAE or Huber loss to the target standardised on the training
 * split. After each epoch the validation split is scored in the target's own units and the
 * listener told {@code val_rmse}, {@code val_mae}, {@code val_r2}, {@code val_loss} (the training
 * loss on the standardised validation targets) and {@code train_loss}. As for classification, a
 * NaN loss ends the trial FAILED, the listener may prune it, {@code patience} stops it early, and
 * the network of the best epoch is kept and written with its validation predictions
 * ({@code row,label,prediction}, in the target's units).
 */
public final class RegressionTraining {

    /** The metrics of a regression trial, any of which a study may optimise. */
    public static final List<String> METRICS = List.of("val_rmse", "val_mae", "val_r2", "val_loss", "train_loss");

    private RegressionTraining() {
    }

    /** The loss a regression trial trains with: its own, or mse for the setting's (classification) default. */
    static Map<String, Object> withRegressionLoss(Map<String, Object> params) {
        Object loss = params.getOrDefault("loss", "cross_entropy");
        if (LossConfig.REGRESSION_LOSSES.contains(loss)) {
            return params;
        }
        if (!"cross_entropy".equals(loss)) {
            throw new UserError("loss '" + loss + "' is a classification loss: with data.task: regression use "
                    + String.join(", ", LossConfig.REGRESSION_LOSSES));
        }
        Map<String, Object> out = new HashMap<>(params);
        out.put("loss", "mse");
        return out;
    }

    public static TrialOutcome run(TrialRequest request) throws IOException {
        return run(request, 0);
    }

    /** As {@link #run(TrialRequest)} on {@code threads} CPU threads for every op (0: chosen from the network's size). */
    static TrialOutcome run(TrialRequest request, int threads) throws IOException {
        TrialConfig cfg = TrialConfig.from(withRegressionLoss(request.params()));
        Objective objective = request.spec().objective();
        if (!METRICS.contains(objective.metric())) {
            throw new UserError("objective metric '" + objective.metric() + "' is not measured by a regression ("
                    + String.join(", ", METRICS) + ")");
        }
        if (!cfg.transfer().pretrained().isEmpty()) {
            throw new UserError("model.pretrained: fine-tuning is for classification; a regression trains from scratch");
        }
        RegressionData data = RegressionDatasets.load(request.spec().data());
        Dl4jBackend.applyThreads(threads, cfg, data.data());
        RegressionBatches batches = new RegressionBatches(data.data().train(), data.standardisedTrainTargets(),
                cfg.training().batchSize(), request.seed());
        Nd4j.getRandom().setSeed(request.seed());
        MultiLayerNetwork net = Models.build(cfg, data.data(), request.seed(),
                Schedules.learningRate(cfg, batches.batchesPerEpoch()), Dl4jBackend.baseDir(request.spec().source()));
        Nd4j.getRandom().setSeed(request.seed());
        try {
            return train(net, cfg, request, data, batches);
        } finally {
            NetworkMemory.release(net);
        }
    }

    private static TrialOutcome train(MultiLayerNetwork net, TrialConfig cfg, TrialRequest request, RegressionData data,
                                      RegressionBatches batches) throws IOException {
        Objective objective = request.spec().objective();
        EpochListener listener = request.listener() != null ? request.listener() : (e, m) -> true;
        EpochLossMeter trainLoss = new EpochLossMeter();
        net.setListeners(trainLoss, new NativeMemoryGuard());
        Split val = data.data().validation();
        BestEpoch best = new BestEpoch(objective.metric(), objective.direction(), cfg.training().patience());
        RegressionScores scores = new RegressionScores(net, cfg, data, objective.metric());
        long started = System.nanoTime();
        EpochLoop.Ended ended = EpochLoop.run(net, batches, trainLoss, cfg.training().epochs(), best, listener, scores, "");
        if (ended.failed() != null) {
            return ended.failed();
        }
        int epoch = ended.epochs();
        TrialState state = ended.state();
        best.restore(net, epoch);
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        writeArtifacts(net, data, request.artifactDir());
        Map<String, Double> outcome = new LinkedHashMap<>(best.metrics());
        outcome.put("best_epoch", (double) best.epoch());
        outcome.putAll(CostMetrics.measure(net, val, trainSeconds, request.spec()));
        if ("linear".equals(cfg.optimizer().lrScaling())) {
            outcome.put("effective_lr", cfg.effectiveLr());
        }
        return new TrialOutcome(state, best.metrics().get(objective.metric()), outcome, epoch, null);
    }

    /**
     * A regression epoch's scores on the validation split, in the target's units: RMSE, MAE, R²
     * (when defined) and the training loss on the standardised targets.
     */
    private record RegressionScores(MultiLayerNetwork net, TrialConfig cfg, RegressionData data, String objective,
                                    float[] valX, double[] truth) implements EpochLoop.Validation {
        RegressionScores(MultiLayerNetwork net, TrialConfig cfg, RegressionData data, String objective) {
            this(net, cfg, data, objective, data.data().validation().features(), data.targets("validation"));
        }

        @Override
        public Map<String, Double> score(double trainLoss) {
            double[] predicted = predict(net, data, valX, data.data().validation().size());
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("val_rmse", RegressionMetrics.rmse(predicted, truth));
            metrics.put("val_mae", RegressionMetrics.mae(predicted, truth));
            double r2 = RegressionMetrics.r2(predicted, truth);
            if (Double.isFinite(r2)) {
                metrics.put("val_r2", r2);
            }
            metrics.put("val_loss", standardisedLoss(cfg, data.target(), predicted, truth));
            metrics.put("train_loss", trainLoss);
            return metrics;
        }

        @Override
        public String invalid(Map<String, Double> metrics) {
            return metrics.get(objective) == null ? objective + " is undefined: the validation targets are all equal" : null;
        }
    }

    /** The network's outputs for {@code n} normalised rows, in the target's units. */
    public static double[] predict(MultiLayerNetwork net, TargetScaler target, float[] x, int n, int d) {
        float[] z = Inference.probabilities(net, x, n, d);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = target.restore(z[i]);
        }
        return y;
    }

    private static double[] predict(MultiLayerNetwork net, RegressionData data, float[] x, int n) {
        return predict(net, data.target(), x, n, data.data().featureCount());
    }

    /** The trial's training loss, on standardised targets, averaged over rows. */
    static double standardisedLoss(TrialConfig cfg, TargetScaler target, double[] predicted, double[] truth) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double r = (predicted[i] - truth[i]) / target.std();
            double a = Math.abs(r);
            switch (cfg.loss().loss()) {
                case "mae" -> sum += a;
                case "huber" -> {
                    double q = Math.min(a, cfg.loss().huberDelta());
                    sum += q * (a - 0.5 * q);
                }
                default -> sum += r * r;
            }
        }
        return sum / truth.length;
    }

    /** Writes {@code model.zip} (with its input and target scaling) and {@code val_predictions.csv}. */
    static void writeArtifacts(MultiLayerNetwork net, RegressionData data, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path model = dir.resolve(Dl4jBackend.MODEL_FILE);
        Path tmp = dir.resolve(Dl4jBackend.MODEL_FILE + ".tmp");
        ModelSerializer.writeModel(net, tmp.toFile(), true);
        ModelSerializer.addObjectToFile(tmp.toFile(), InputScaling.KEY, InputScaling.of(data.data().scaler()));
        ModelSerializer.addObjectToFile(tmp.toFile(), TargetScaler.KEY, data.target());
        AtomicFiles.replace(tmp, model);
        Split val = data.data().validation();
        double[] predicted = predict(net, data, val.features(), val.size());
        Path preds = dir.resolve(Dl4jBackend.PREDICTIONS_FILE);
        Path predsTmp = dir.resolve(Dl4jBackend.PREDICTIONS_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(predsTmp, StandardCharsets.UTF_8)) {
            writePredictions(w, val, data.targets("validation"), predicted);
        }
        AtomicFiles.replace(predsTmp, preds);
    }

    /**
     * {@code row,label,prediction}: per row in split order its CSV row number, its true target and
     * the prediction, in the target's units and shortest exact form (they read back bit for bit).
     */
    public static void writePredictions(Writer w, Split split, double[] truth, double[] predicted) throws IOException {
        StringBuilder sb = new StringBuilder("row,label,prediction\n");
        for (int i = 0; i < split.size(); i++) {
            sb.append(split.row(i)).append(',').append(truth[i]).append(',').append(predicted[i]).append('\n');
        }
        w.write(sb.toString());
    }
}
