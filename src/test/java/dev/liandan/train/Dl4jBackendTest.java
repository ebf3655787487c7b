package dev.liandan.train;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.study.EpochListener;
import dev.liandan.study.TrialOutcome;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jBackendTest {

    @TempDir
    Path tmp;

    /** Remembers what the backend reported after each epoch; stops after {@code stopAfter} epochs. */
    private static final class Recorder implements EpochListener {
        final List<Map<String, Double>> epochs = new ArrayList<>();
        final int stopAfter;

        Recorder(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        Recorder() {
            this(Integer.MAX_VALUE);
        }

        @Override
        public boolean epochEnded(int epoch, Map<String, Double> metrics) {
            epochs.add(metrics);
            assertEquals(epochs.size(), epoch);
            return epoch < stopAfter;
        }
    }

    private TrialOutcome run(StudySpec spec, Map<String, Object> params, long seed, Path dir, EpochListener l)
            throws Exception {
        Files.createDirectories(dir);
        return new Dl4jBackend().run(Fixtures.request(spec, params, seed, dir, l));
    }

    /** The validation predictions file, parsed: header, then rows of cells. */
    private static List<String[]> readCsv(Path file) throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(line.split(","));
        }
        return out;
    }

    @Test
    void aDigitsMlpLearnsAndLeavesAReloadableModelAndItsPredictions() throws Exception {
        Recorder rec = new Recorder();
        Path dir = tmp.resolve("trial");
        long t0 = System.nanoTime();
        TrialOutcome out = run(Fixtures.study(Fixtures.digits()),
                Fixtures.params("epochs", 6L, "lr", 3e-3, "units", 64L), 11, dir, rec);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("digits 64-64-64-10, 6 epochs: %.2f s%n", seconds);

        assertEquals(TrialState.COMPLETE, out.state());
        assertEquals(6, out.epochs());
        assertEquals(6, rec.epochs.size());
        assertTrue(out.value() > 0.9, "val_accuracy " + out.value());
        int best = out.metrics().get("best_epoch").intValue();
        double max = rec.epochs.stream().mapToDouble(m -> m.get("val_accuracy")).max().orElseThrow();
        assertEquals(max, out.value(), 0);
        assertEquals(rec.epochs.get(best - 1).get("val_accuracy"), out.value(), 0);
        assertEquals(rec.epochs.get(best - 1).get("val_loss"), out.metrics().get("val_loss"), 0);
        assertEquals(rec.epochs.get(best - 1).get("train_loss"), out.metrics().get("train_loss"), 0);
        assertNull(out.failReason());
        for (Map<String, Double> m : rec.epochs) {
            assertEquals(Dl4jBackend.METRICS.size(), m.size());
        }
        // Training lowers the training loss.
        assertTrue(rec.epochs.get(5).get("train_loss") < rec.epochs.get(0).get("train_loss") / 2);

        // The predictions file: header, one line per validation row in split order.
        Dataset data = Datasets.load(Fixtures.digits());
        Split val = data.validation();
        List<String[]> csv = readCsv(dir.resolve(Dl4jBackend.PREDICTIONS_FILE));
        assertEquals("row,label,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", String.join(",", csv.get(0)));
        assertEquals(val.size() + 1, csv.size());
        float[] fromFile = new float[val.size() * 10];
        int right = 0;
        for (int i = 0; i < val.size(); i++) {
            String[] cells = csv.get(i + 1);
            assertEquals(val.row(i), Integer.parseInt(cells[0]));
            assertEquals(data.classNames().get(val.label(i)), cells[1]);
            int arg = 0;
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                fromFile[i * 10 + c] = Float.parseFloat(cells[c + 2]);
                sum += fromFile[i * 10 + c];
                arg = fromFile[i * 10 + c] > fromFile[i * 10 + arg] ? c : arg;
            }
            assertEquals(1.0, sum, 1e-5);
            right += arg == val.label(i) ? 1 : 0;
        }
        assertEquals(out.value(), (double) right / val.size(), 1e-12);

        // The saved model reloads and reproduces those probabilities.
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(Dl4jBackend.MODEL_FILE).toFile(),
                true);
        float[] again = Dl4jBackend.probabilities(model, val, val.features());
        for (int i = 0; i < again.length; i++) {
            assertEquals(fromFile[i], again[i], 1e-6f, "probability " + i);
        }
        assertFalse(Files.exists(dir.resolve(Dl4jBackend.MODEL_FILE + ".tmp")));
    }

    @Test
    void theBestEpochsParametersAreTheOnesKept() throws Exception {
        // Minimising accuracy makes epoch 1 (the least trained) the best, while training goes on to
        // epoch 3: what is saved must be epoch 1's network, not the last one.
        Recorder rec = new Recorder();
        Path dir = tmp.resolve("worst");
        TrialOutcome out = run(Fixtures.study(Fixtures.digits(), "val_accuracy", Direction.MINIMIZE),
                Fixtures.params("epochs", 3L, "units", 32L), 3, dir, rec);
        assertEquals(TrialState.COMPLETE, out.state());
        assertEquals(3, out.epochs());
        assertTrue(rec.epochs.get(2).get("val_accuracy") > rec.epochs.get(0).get("val_accuracy"));
        assertEquals(1.0, out.metrics().get("best_epoch"));
        assertEquals(rec.epochs.get(0).get("val_accuracy"), out.value(), 0);

        Split val = Datasets.load(Fixtures.digits()).validation();
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(Dl4jBackend.MODEL_FILE).toFile(),
                true);
        float[] probs = Dl4jBackend.probabilities(model, val, val.features());
        assertEquals(out.value(), Dl4jBackend.accuracy(probs, val), 0);
        assertEquals(rec.epochs.get(0).get("val_loss"), Dl4jBackend.crossEntropy(probs, val), 1e-9);
    }

    @Test
    void theSameSeedGivesTheSameTrialAndAnotherSeedAnother() throws Exception {
        StudySpec spec = Fixtures.study(Fixtures.iris(), "val_loss", Direction.MINIMIZE);
        // Dropout and a step schedule: the seed must fix dropout's masks too.
        Map<String, Object> params = Fixtures.params("epochs", 6L, "dropout", 0.3, "batch_size", 16L,
                "schedule", "step", "step_epochs", 2L, "step_gamma", 0.5, "lr", 0.01, "units", 32L);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Recorder c = new Recorder();
        TrialOutcome first = run(spec, params, 1234, tmp.resolve("a"), a);
        TrialOutcome second = run(spec, params, 1234, tmp.resolve("b"), b);
        TrialOutcome other = run(spec, params, 99, tmp.resolve("c"), c);
        assertEquals(first, second);
        assertEquals(a.epochs, b.epochs);
        assertEquals(Files.readString(tmp.resolve("a").resolve(Dl4jBackend.PREDICTIONS_FILE)),
                Files.readString(tmp.resolve("b").resolve(Dl4jBackend.PREDICTIONS_FILE)));
        assertNotEquals(first.value(), other.value());
        assertNotEquals(a.epochs.get(0).get("train_loss"), c.epochs.get(0).get("train_loss"));
        assertEquals(first.value(), first.metrics().get("val_loss"), 0);
    }

    @Test
    void trialsRunningTogetherInThreadsGiveWhatTheyGiveAlone() throws Exception {
        StudySpec spec = Fixtures.study(Fixtures.iris());
        Map<String, Object> params = Fixtures.params("epochs", 4L, "dropout", 0.2, "batch_size", 16L, "units", 32L);
        TrialOutcome alone1 = run(spec, params, 1, tmp.resolve("s1"), null);
        TrialOutcome alone2 = run(spec, params, 2, tmp.resolve("s2"), null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var f1 = pool.submit(() -> run(spec, params, 1, tmp.resolve("p1"), null));
            var f2 = pool.submit(() -> run(spec, params, 2, tmp.resolve("p2"), null));
            assertEquals(alone1, f1.get());
            assertEquals(alone2, f2.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDivergingTrialFailsWithItsReason() throws Exception {
        Path dir = tmp.resolve("boom");
        TrialOutcome out = run(Fixtures.study(Fixtures.iris()), Fixtures.params("optimizer", "sgd", "lr", 1e6),
                5, dir, new Recorder());
        assertEquals(TrialState.FAILED, out.state());
        assertNull(out.value());
        assertTrue(out.failReason().matches("loss became (NaN|infinite) at epoch \\d+ .*"), out.failReason());
        assertTrue(out.epochs() >= 1);
        assertFalse(Files.exists(dir.resolve(Dl4jBackend.MODEL_FILE)));
    }

    @Test
    void aListenerSayingStopPrunesTheTrial() throws Exception {
        Recorder rec = new Recorder(2);
        Path dir = tmp.resolve("pruned");
        TrialOutcome out = run(Fixtures.study(Fixtures.iris()), Fixtures.params("epochs", 10L), 5, dir, rec);
        assertEquals(TrialState.PRUNED, out.state());
        assertEquals(2, out.epochs());
        assertEquals(2, rec.epochs.size());
        double best = Math.max(rec.epochs.get(0).get("val_accuracy"), rec.epochs.get(1).get("val_accuracy"));
        assertEquals(best, out.value(), 0);
        assertTrue(Files.exists(dir.resolve(Dl4jBackend.MODEL_FILE)));
        assertTrue(Files.exists(dir.resolve(Dl4jBackend.PREDICTIONS_FILE)));
    }

    @Test
    void patienceStopsATrialThatNoLongerImproves() throws Exception {
        // Plain SGD at rate 0 never changes the network: epoch 1 stays the best, and after
        // 2 more epochs without improvement the trial ends, complete.
        Recorder rec = new Recorder();
        TrialOutcome out = run(Fixtures.study(Fixtures.iris()),
                Fixtures.params("optimizer", "sgd", "lr", 0.0, "epochs", 20L, "patience", 2L), 5,
                tmp.resolve("patient"), rec);
        assertEquals(TrialState.COMPLETE, out.state());
        assertEquals(3, out.epochs());
        assertEquals(1.0, out.metrics().get("best_epoch"));
        assertEquals(rec.epochs.get(0).get("val_loss"), rec.epochs.get(2).get("val_loss"), 0);
        // The same losses summed in another minibatch order: equal up to float rounding.
        assertEquals(rec.epochs.get(0).get("train_loss"), rec.epochs.get(2).get("train_loss"), 1e-5);
    }

    @Test
    void withoutHiddenLayersItIsSoftmaxRegression() throws Exception {
        TrialOutcome out = run(Fixtures.study(Fixtures.iris()), Fixtures.params("hidden_layers", 0L, "epochs", 30L,
                "lr", 0.05, "batch_size", 32L, "dropout", 0.5, "activation", "tanh"), 2, tmp.resolve("lin"), null);
        assertEquals(TrialState.COMPLETE, out.state());
        assertTrue(out.value() > 0.8, "val_accuracy " + out.value());
    }

    @Test
    void mistakesInTheRequestAreUserErrors() {
        assertThrows(UserError.class, () -> run(Fixtures.study(Fixtures.iris(), "f1", Direction.MAXIMIZE),
                Fixtures.params(), 1, tmp.resolve("x"), new Recorder()));
        UserError e = assertThrows(UserError.class, () -> run(Fixtures.study(Fixtures.iris()),
                Fixtures.params("optimizer", "rmsprop"), 1, tmp.resolve("y"), new Recorder()));
        assertTrue(e.getMessage().startsWith("setting 'optimizer' = rmsprop: expected one of"), e.getMessage());
        assertThrows(UserError.class, () -> run(Fixtures.study(Fixtures.iris()),
                Fixtures.params("units", 2.5), 1, tmp.resolve("z"), new Recorder()));
    }

    @Test
    void settingsAcceptWholeDoublesAndFillInDefaults() {
        TrialConfig cfg = TrialConfig.from(Map.of("batch_size", 32.0, "lr", 1L));
        assertEquals(32, cfg.training().batchSize());
        assertEquals(1.0, cfg.optimizer().lr());
        assertEquals(2, cfg.model().hiddenLayers());
        assertEquals("adam", cfg.optimizer().optimizer());
    }
}
