package dev.liandan.train;

import dev.liandan.study.StudyLayout;
import dev.liandan.core.TrialState;
import dev.liandan.space.Objective;
import dev.liandan.core.UserError;
import dev.liandan.study.EpochListener;
import dev.liandan.study.TrialBackend;
import dev.liandan.study.TrialOutcome;
import dev.liandan.study.TrialRequest;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.CrashReportingUtil;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dl4j} trial backend: trains the MLP a trial's params describe on the study's data,
 * in this JVM, one epoch at a time.
 *
 * <p>After each epoch it scores the validation split in inference mode (no dropout) and tells the
 * request's listener {@code val_accuracy}, {@code val_loss} (mean cross-entropy of the predicted
 * probabilities) and {@code train_loss} (mean minibatch loss over the epoch). A NaN or infinite
 * loss ends the trial FAILED; a listener answering false ends it PRUNED; {@code patience} epochs
 * without improvement end it COMPLETE early. The network of the best epoch (by the study's
 * objective) is the one that is kept: its parameters are restored at the end and written to the
 * artifact folder as {@value #MODEL_FILE}, with its validation probabilities in
 * {@value #PREDICTIONS_FILE}.
 *
 * <p>Deterministic: the same params and seed give the same metrics (weight init and dropout draw
 * from ND4J's generator, seeded per trial on the calling thread; the minibatch order from a
 * {@link java.util.Random} with the same seed).
 */
public final class Dl4jBackend implements TrialBackend {

    /** The artifacts this backend writes, as {@link StudyLayout} names them for every reader. */
    public static final String MODEL_FILE = StudyLayout.MODEL_FILE;
    public static final String PREDICTIONS_FILE = StudyLayout.PREDICTIONS_FILE;

    /** The metrics this backend measures each epoch, any of which a study may optimise. */
    public static final List<String> METRICS = List.of("val_accuracy", "val_loss", "train_loss");

    /**
     * Probabilities are clipped to this before the log of the validation loss, as DL4J's MCXENT
     * clips its softmax: one confidently wrong row must not make a healthy model's loss infinite.
     */
    private static final double PROBABILITY_FLOOR = 1e-10;

    static {
        // On any exception inside fit(), DL4J writes a memory report file into the working
        // directory. A failed trial is recorded with its reason instead; a sweep must not litter
        // the user's folder.
        JavaCppMemoryCheck.leaveToGuard();
        LayerHelpers.allow();
        CrashReportingUtil.crashDumpsEnabled(false);
    }

    /** Threads every trial trains with, or 0 for the choice from each network's size. */
    private final int threads;
    /** Told when a trial's first training step (forward, backward, update) is done, or null. */
    private final Runnable firstStepDone;

    /** A backend whose trials choose their threads from their network's size ({@link TrialThreads}). */
    public Dl4jBackend() {
        this(0);
    }

    /**
     * A backend whose trials all train with {@code threads} CPU threads (0: chosen from each
     * network's size by {@link TrialThreads}), for measuring one thread count against another.
     */
    public Dl4jBackend(int threads) {
        this(threads, null);
    }

    /**
     * As {@link #Dl4jBackend(int)}, and {@code firstStepDone} (when not null) is run on the
     * training thread as soon as each trial's first training step is done: what it took from
     * {@link #run} to there is the trial's start-up (data lookup, network build, first step).
     */
    public Dl4jBackend(int threads, Runnable firstStepDone) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (automatic) or positive: " + threads);
        }
        this.threads = threads;
        this.firstStepDone = firstStepDone;
    }

    @Override
    public TrialOutcome run(TrialRequest request) throws IOException {
        if (request.spec().data() != null && request.spec().data().regression()) {
            return RegressionTraining.run(request, threads);
        }
        TrialConfig cfg = TrialConfig.from(request.params());
        if (dev.liandan.train.config.LossConfig.REGRESSION_LOSSES.contains(cfg.loss().loss())) {
            throw new UserError("loss '" + cfg.loss().loss() + "' is a regression loss: add task: regression to data,"
                    + " or use cross_entropy, label_smoothing or focal");
        }
        Objective objective = request.spec().objective();
        if (!METRICS.contains(objective.metric())) {
            throw new UserError("objective metric '" + objective.metric() + "' is not measured by the dl4j backend ("
                    + String.join(", ", METRICS) + ")");
        }
        Dataset data = Datasets.load(request.spec().data());
        applyThreads(threads, cfg, data);

        ShuffledBatches batches = new ShuffledBatches(data.train(), cfg.training().batchSize(), request.seed());
        if (cfg.augmentation().augmentShift() > 0 || cfg.augmentation().augmentFlip()) {
            if (!"cnn".equals(cfg.model().type()) || !cfg.transfer().pretrained().isEmpty()) {
                throw new UserError("augment_shift / augment_flip need model.type: cnn (images of a known shape)");
            }
            int[] shape = Models.imageShape(cfg, data);
            batches.withAugmenter(new Augmenter(shape[0], shape[1], shape[2], cfg.augmentation().augmentShift(), cfg.augmentation().augmentFlip(),
                    request.seed()));
        }
        Nd4j.getRandom().setSeed(request.seed());
        MultiLayerNetwork net = Models.build(cfg, data, request.seed(),
                Schedules.learningRate(cfg, batches.batchesPerEpoch()), baseDir(request.spec().source()));
        // init() reseeds from the configuration; reseed anyway so dropout's draws depend on
        // nothing that ran before on this thread.
        Nd4j.getRandom().setSeed(request.seed());
        try {
            return train(net, cfg, request, data, batches);
        } finally {
            // Frees the parameters' and updater's native memory now rather than at some later GC:
            // a worker runs many trials in one JVM.
            NetworkMemory.release(net);
        }
    }

    /** Sets the calling thread's ops to {@code forced} threads, or when it is 0 to the threads {@link #threads} chooses. */
    static void applyThreads(int forced, TrialConfig cfg, Dataset data) {
        TrialThreads.apply(forced > 0 ? forced : threads(cfg, data));
    }

    /** The CPU threads this trial trains with: from its network's size, within this process's share. */
    static int threads(TrialConfig cfg, Dataset data) {
        int[] shape = "cnn".equals(cfg.model().type()) && cfg.transfer().pretrained().isEmpty() ? Models.imageShape(cfg, data) : null;
        return TrialThreads.choose(TrialThreads.macsPerStep(cfg, data.featureCount(), data.classCount(), shape),
                TrialThreads.available());
    }

    /** The folder a space file's relative paths start at. */
    static Path baseDir(Path spaceFile) {
        Path parent = spaceFile == null ? null : spaceFile.toAbsolutePath().getParent();
        return parent == null ? Path.of("") : parent;
    }

    private TrialOutcome train(MultiLayerNetwork net, TrialConfig cfg, TrialRequest request, Dataset data,
                               ShuffledBatches batches) throws IOException {
        // prefetch > 0: a second thread gathers the next minibatches while fit works on this one.
        // The batches and their order are the same (one producer, a FIFO queue), so results are too.
        AsyncDataSetIterator async = cfg.training().prefetch() > 0 ? new AsyncDataSetIterator(batches, cfg.training().prefetch()) : null;
        DataSetIterator feed = async != null ? async : batches;
        try {
            return train(net, cfg, request, data, feed);
        } finally {
            if (async != null) {
                async.shutdown();
            }
        }
    }

    private TrialOutcome train(MultiLayerNetwork net, TrialConfig cfg, TrialRequest request, Dataset data,
                               DataSetIterator batches) throws IOException {
        Objective objective = request.spec().objective();
        EpochListener listener = request.listener() != null ? request.listener() : (e, m) -> true;
        Split val = data.validation();
        EpochLossMeter trainLoss = new EpochLossMeter();
        if (firstStepDone == null) {
            net.setListeners(trainLoss, new NativeMemoryGuard());
        } else {
            net.setListeners(trainLoss, new NativeMemoryGuard(), new BaseTrainingListener() {
                private boolean told;

                @Override
                public void iterationDone(Model model, int iteration, int epoch) {
                    if (!told) {
                        told = true;
                        firstStepDone.run();
                    }
                }
            });
        }
        BestEpoch best = new BestEpoch(objective.metric(), objective.direction(), cfg.training().patience());
        ClassificationScores scores = new ClassificationScores(net, val);
        long started = System.nanoTime();
        EpochLoop.Ended ended = EpochLoop.run(net, batches, trainLoss, cfg.training().epochs(), best, listener, scores,
                "fp16".equals(cfg.training().precision()) ? "; in fp16 (half precision, range ±65504): try a lower lr or fp32" : "");
        if (ended.failed() != null) {
            return ended.failed();
        }
        int epoch = ended.epochs();
        TrialState state = ended.state();
        if (best.restore(net, epoch)) {
            if (scores.bestUpdaterState != null) {
                net.getUpdater().getStateViewArray().assign(scores.bestUpdaterState);
            }
        }
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        // the best epoch's validation probabilities are those of the restored parameters: written as
        // they were computed then rather than by another pass over the validation split
        writeArtifacts(net, data, request.artifactDir(), scores.bestProbs);

        Map<String, Double> outcome = new LinkedHashMap<>(best.metrics());
        outcome.put("best_epoch", (double) best.epoch());
        outcome.putAll(CostMetrics.measure(net, val, trainSeconds, request.spec()));
        if ("linear".equals(cfg.optimizer().lrScaling())) {
            // the leaderboard shows lr (the searched base rate, a param) beside the rate used
            outcome.put("effective_lr", cfg.effectiveLr());
        }
        return new TrialOutcome(state, best.metrics().get(objective.metric()), outcome, epoch, null);
    }

    /**
     * A classification epoch's scores: accuracy and cross-entropy of the validation split's class
     * probabilities. Of the best epoch it keeps the probabilities (written as the trial's validation
     * predictions) and a copy of the updater's state (put back with the parameters).
     */
    private static final class ClassificationScores implements EpochLoop.Validation {
        private final MultiLayerNetwork net;
        private final Split val;
        private final float[] valX;
        private float[] probs;
        private float[] bestProbs;
        private INDArray bestUpdaterState;

        ClassificationScores(MultiLayerNetwork net, Split val) {
            this.net = net;
            this.val = val;
            this.valX = val.features();
        }

        @Override
        public Map<String, Double> score(double trainLoss) {
            probs = probabilities(net, val, valX);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("val_accuracy", accuracy(probs, val));
            metrics.put("val_loss", crossEntropy(probs, val));
            metrics.put("train_loss", trainLoss);
            return metrics;
        }

        @Override
        public void best() {
            bestProbs = probs;
            INDArray updaterState = net.getUpdater().getStateViewArray();
            bestUpdaterState = updaterState == null ? null : updaterState.dup();
        }
    }

    /** Writes {@value #MODEL_FILE} and {@value #PREDICTIONS_FILE} of {@code net} into {@code dir}. */
    static void writeArtifacts(MultiLayerNetwork net, Dataset data, Path dir) throws IOException {
        writeArtifacts(net, data, dir, null);
    }

    /**
     * As {@link #writeArtifacts(MultiLayerNetwork, Dataset, Path)}, with {@code net}'s validation
     * probabilities already computed ({@code probs}), or null to compute them.
     */
    static void writeArtifacts(MultiLayerNetwork net, Dataset data, Path dir, float[] probs) throws IOException {
        Files.createDirectories(dir);
        // Written beside and then moved, so that a reader never sees half a file.
        Path model = dir.resolve(MODEL_FILE);
        Path tmp = dir.resolve(MODEL_FILE + ".tmp");
        ModelSerializer.writeModel(net, tmp.toFile(), true);
        // how its inputs were scaled, for a later fine-tuning to check against (see InputScaling)
        ModelSerializer.addObjectToFile(tmp.toFile(), InputScaling.KEY, InputScaling.of(data.scaler()));
        AtomicFiles.replace(tmp, model);

        Split val = data.validation();
        if (probs == null) {
            probs = probabilities(net, val, val.features());
        }
        Path preds = dir.resolve(PREDICTIONS_FILE);
        Path predsTmp = dir.resolve(PREDICTIONS_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(predsTmp, StandardCharsets.UTF_8)) {
            writePredictions(w, data, val, probs);
        }
        AtomicFiles.replace(predsTmp, preds);
    }

    /**
     * {@code row,label,p_<class0>,p_<class1>,...}: per validation row in split order, its CSV row
     * number, its true label and the predicted probability of each class. Floats are written in
     * their shortest exact form, so they read back bit for bit.
     */
    static void writePredictions(Writer w, Dataset data, Split split, float[] probs) throws IOException {
        int k = data.classCount();
        StringBuilder sb = new StringBuilder("row,label");
        for (String c : data.classNames()) {
            sb.append(',').append(csvCell("p_" + c));
        }
        w.write(sb.append('\n').toString());
        for (int i = 0; i < split.size(); i++) {
            sb.setLength(0);
            sb.append(split.row(i)).append(',').append(csvCell(data.classNames().get(split.label(i))));
            for (int c = 0; c < k; c++) {
                sb.append(',').append(probs[i * k + c]);
            }
            w.write(sb.append('\n').toString());
        }
    }

    static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Softmax outputs in inference mode (dropout off) of the split's rows {@code x}, row-major {@code [n, classes]}. */
    static float[] probabilities(MultiLayerNetwork net, Split split, float[] x) {
        return Inference.probabilities(net, x, split.size(), split.featureCount());
    }

    /** Mean of {@code -log p(true class)}, probabilities clipped at {@link #PROBABILITY_FLOOR}. */
    static double crossEntropy(float[] probs, Split split) {
        int k = split.classCount();
        double sum = 0;
        for (int i = 0; i < split.size(); i++) {
            double p = probs[i * k + split.label(i)];
            sum -= Double.isNaN(p) ? Double.NaN : Math.log(Math.max(p, PROBABILITY_FLOOR));
        }
        return sum / split.size();
    }

    /** Share of rows whose most probable class (the first, on ties) is the true one. */
    static double accuracy(float[] probs, Split split) {
        int k = split.classCount();
        int right = 0;
        for (int i = 0; i < split.size(); i++) {
            int arg = 0;
            for (int c = 1; c < k; c++) {
                if (probs[i * k + c] > probs[i * k + arg]) {
                    arg = c;
                }
            }
            if (arg == split.label(i)) {
                right++;
            }
        }
        return (double) right / split.size();
    }
}
