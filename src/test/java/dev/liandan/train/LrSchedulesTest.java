package dev.liandan.train;

import dev.liandan.space.DataSpec;
import dev.liandan.study.TrialOutcome;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Exponential, cyclic, one-cycle and the linear scaling rule: the rate at chosen steps against the formula. */
class LrSchedulesTest {

    @TempDir
    Path tmp;

    private static TrialConfig config(Object... overrides) {
        return TrialConfig.from(Fixtures.params(overrides));
    }

    @Test
    void exponentialMultipliesByGammaEveryEpoch() {
        ISchedule s = Schedules.learningRate(config("schedule", "exponential", "lr", 0.2, "exp_gamma", 0.9), 7);
        assertEquals(new ExponentialSchedule(ScheduleType.EPOCH, 0.2, 0.9), s);
        for (int e = 0; e < 10; e++) {
            assertEquals(0.2 * Math.pow(0.9, e), s.valueAt(e * 7 + 3, e), 1e-15, "epoch " + e);
        }
    }

    @Test
    void cyclicIsSmithsTriangle() {
        // cycle of 4 epochs of 5 iterations: half cycle 10 iterations, between 0.25 * 0.4 and 0.4
        ISchedule s = Schedules.learningRate(config("schedule", "cyclic", "lr", 0.4, "cycle_epochs", 4L,
                "min_lr_factor", 0.25), 5);
        assertEquals(new CyclicSchedule(0.1, 0.4, 10), s);
        for (int t = 0; t < 60; t++) {
            double cycle = Math.floor(1 + t / 20.0);
            double x = Math.abs(t / 10.0 - 2 * cycle + 1);
            assertEquals(0.1 + 0.3 * Math.max(0, 1 - x), s.valueAt(t, 0), 1e-15, "iteration " + t);
        }
        assertEquals(0.1, s.valueAt(0, 0), 1e-15);
        assertEquals(0.25, s.valueAt(5, 1), 1e-15);
        assertEquals(0.4, s.valueAt(10, 2), 1e-15);
        assertEquals(0.1, s.valueAt(20, 4), 1e-15);
        assertEquals(0.4, s.valueAt(30, 6), 1e-15);
    }

    @Test
    void oneCycleRisesToThePeakThenAnnealsFarBelowTheStart() {
        // 10 epochs of 10 iterations, 30 % rising
        ISchedule s = Schedules.learningRate(config("schedule", "onecycle", "lr", 0.5, "epochs", 10L,
                "onecycle_pct_start", 0.3), 10);
        assertEquals(new OneCycleSchedule(0.5, 30, 100, 25, 1e4), s);
        double start = 0.5 / 25;
        double end = start / 1e4;
        assertEquals(start, s.valueAt(0, 0), 1e-15);
        assertEquals(0.5, s.valueAt(30, 3), 1e-15);
        assertEquals(end, s.valueAt(100, 10), 1e-15);
        assertEquals(end, s.valueAt(150, 15), 1e-15);
        for (int t = 0; t < 30; t++) {
            double expected = 0.5 + (start - 0.5) * 0.5 * (1 + Math.cos(Math.PI * t / 30));
            assertEquals(expected, s.valueAt(t, 0), 1e-15, "iteration " + t);
        }
        for (int t = 30; t <= 100; t++) {
            double expected = end + (0.5 - end) * 0.5 * (1 + Math.cos(Math.PI * (t - 30) / 70));
            assertEquals(expected, s.valueAt(t, 0), 1e-15, "iteration " + t);
        }
    }

    @Test
    void linearScalingMultipliesTheBaseRateAndWarmsUpFromIt() {
        // base 0.1 at batch 512 against reference 256: effective 0.2; 2 warm-up epochs of 4 iterations
        TrialConfig cfg = config("lr_scaling", "linear", "lr", 0.1, "batch_size", 512L, "warmup_epochs", 2L,
                "schedule", "step", "step_epochs", 5L, "step_gamma", 0.5, "epochs", 20L);
        assertEquals(0.2, cfg.effectiveLr(), 1e-15);
        ISchedule s = Schedules.learningRate(cfg, 4);
        for (int t = 0; t < 8; t++) {
            assertEquals(0.1 + (0.2 - 0.1) * (t + 1) / 8, s.valueAt(t, t / 4), 1e-15, "warm-up " + t);
        }
        assertEquals(0.2, s.valueAt(8, 2), 1e-15);
        assertEquals(0.1, s.valueAt(20, 5), 1e-15);
        // the reference batch is configurable; without scaling lr is used as is
        assertEquals(0.1 * 64 / 32, config("lr_scaling", "linear", "lr", 0.1, "batch_size", 64L,
                "lr_reference_batch", 32L).effectiveLr(), 1e-15);
        assertEquals(0.1, config("lr", 0.1, "batch_size", 512L).effectiveLr(), 0);
    }

    @Test
    void linearScalingWithCosineWarmsUpFromTheBaseRateThenDecaysFromTheEffectivePeak() {
        TrialConfig cfg = config("lr_scaling", "linear", "lr", 0.1, "batch_size", 1024L, "warmup_epochs", 1L,
                "schedule", "cosine", "epochs", 5L);
        ISchedule s = Schedules.learningRate(cfg, 10);
        assertEquals(0.1 + 0.3 * 1 / 10, s.valueAt(0, 0), 1e-15);
        assertEquals(0.4, s.valueAt(9, 0), 1e-15);
        assertEquals(0.4, s.valueAt(10, 1), 1e-15);
        assertEquals(0.2, s.valueAt(30, 3), 1e-15);
        assertEquals(0.0, s.valueAt(50, 5), 1e-15);
    }

    @Test
    void theTrialRecordsItsEffectiveRateUnderLinearScaling() throws Exception {
        DataSpec iris = Fixtures.iris();
        TrialOutcome scaled = new Dl4jBackend().run(Fixtures.request(Fixtures.study(iris),
                Fixtures.params("lr_scaling", "linear", "lr", 0.01, "batch_size", 32L, "epochs", 2L,
                        "hidden_layers", 1L, "units", 8L), 3, tmp.resolve("a"), null));
        assertEquals(0.01 * 32 / 256, scaled.metrics().get("effective_lr"), 1e-15);
        TrialOutcome plain = new Dl4jBackend().run(Fixtures.request(Fixtures.study(iris),
                Fixtures.params("lr", 0.01, "epochs", 1L, "hidden_layers", 1L, "units", 8L), 3,
                tmp.resolve("b"), null));
        assertNull(plain.metrics().get("effective_lr"));
    }

    @Test
    void everyNewScheduleSurvivesAModelSaveAndLoad() throws Exception {
        Object[][] cases = {
                {"schedule", "exponential", "exp_gamma", 0.8},
                {"schedule", "cyclic", "cycle_epochs", 2L},
                {"schedule", "onecycle", "onecycle_pct_start", 0.4},
                {"schedule", "step", "lr_scaling", "linear", "warmup_epochs", 1L, "batch_size", 128L},
        };
        Dataset iris = Datasets.load(Fixtures.iris());
        for (Object[] c : cases) {
            Object[] o = new Object[c.length + 6];
            System.arraycopy(c, 0, o, 0, c.length);
            System.arraycopy(new Object[]{"epochs", 5L, "hidden_layers", 1L, "units", 8L}, 0, o, c.length, 6);
            TrialConfig cfg = config(o);
            MultiLayerNetwork net = Models.mlp(cfg, 4, 3, 9, 6);
            ShuffledBatches batches = new ShuffledBatches(iris.train(), 16, 9);
            net.fit(batches);
            File file = tmp.resolve(cfg.schedule().schedule() + cfg.optimizer().lrScaling() + ".zip").toFile();
            ModelSerializer.writeModel(net, file, true);
            MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
            assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
            ISchedule restored = schedule(back);
            assertEquals(Schedules.learningRate(cfg, 6), restored, cfg.schedule().schedule());
            if (cfg.optimizer().lrScaling().equals("linear")) {
                assertInstanceOf(GradualWarmupSchedule.class, restored);
            }
            for (int t = 0; t < 40; t += 3) {
                assertEquals(schedule(net).valueAt(t, t / 6), restored.valueAt(t, t / 6), 0);
            }
            assertEquals(net.getLearningRate(0), back.getLearningRate(0), 0);
        }
    }

    private static ISchedule schedule(MultiLayerNetwork net) throws Exception {
        IUpdater updater = ((BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        return (ISchedule) updater.getClass().getMethod("getLearningRateSchedule").invoke(updater);
    }
}
