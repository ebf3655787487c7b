package dev.liandan.train;

import dev.liandan.study.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The threads a trial trains with, and that choosing them leaves a seeded trial as it was. */
class TrialThreadsTest {
    @TempDir
    Path tmp;

    @Test
    void smallNetsGetOneThreadLargeOnesUpToTheirShare() {
        assertEquals(1, TrialThreads.choose(1_000_000, 16));
        assertEquals(1, TrialThreads.choose(TrialThreads.MACS_PER_THREAD - 1, 16));
        assertEquals(2, TrialThreads.choose(2 * TrialThreads.MACS_PER_THREAD, 16));
        assertEquals(4, TrialThreads.choose(100 * TrialThreads.MACS_PER_THREAD, 4), "never more than the share");
        assertEquals(1, TrialThreads.choose(100 * TrialThreads.MACS_PER_THREAD, 1));
    }

    @Test
    void multiplyAddsOfAStepFollowTheLayerShapes() {
        TrialConfig mlp = TrialConfig.from(Fixtures.params("hidden_layers", 2L, "units", 128L, "batch_size", 32L));
        // 64x128 + 128x128 + 128x10 weights, three products each, 32 rows
        assertEquals(3L * 32 * (64 * 128 + 128 * 128 + 128 * 10), TrialThreads.macsPerStep(mlp, 64, 10, null));
        TrialConfig cnn = TrialConfig.from(Fixtures.params("type", "cnn", "conv_layers", 2L, "filters", 8L,
                "kernel_size", 3L, "hidden_layers", 1L, "units", 128L, "batch_size", 64L));
        long perRow = 28 * 28 * 9 * 8 + 14 * 14 * 9 * 8 * 16 + 7 * 7 * 16 * 128 + 128 * 10;
        assertEquals(3L * 64 * perRow, TrialThreads.macsPerStep(cnn, 784, 10, new int[]{28, 28, 1}));
    }

    @Test
    void appliedThreadsReachNd4jAndOpenBlas() {
        TrialThreads.apply(1);
        assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
    }

    @Test
    void aBackendGivenThreadsTrainsWithThem() throws Exception {
        var spec = Fixtures.study(Fixtures.digits());
        var params = Fixtures.params("epochs", 1L, "units", 32L, "batch_size", 64L);
        new Dl4jBackend(2).run(Fixtures.request(spec, params, 5, tmp.resolve("two"), null));
        assertEquals(2, Nd4j.factory().blas().getMaxThreads());
        assertEquals(2, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
        new Dl4jBackend(1).run(Fixtures.request(spec, params, 5, tmp.resolve("one"), null));
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        assertEquals(1, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
    }

    @Test
    void aRegressionTrialSetsItsThreadsToo() throws Exception {
        TrialThreads.apply(2);
        var diabetes = new dev.liandan.space.DataSpec(Path.of("data/diabetes.csv"), "target", 0.2, 0.2, 1,
                dev.liandan.space.DataSpec.Normalization.STANDARD, "csv", null, java.util.List.of(), null,
                dev.liandan.space.DataSpec.Task.REGRESSION);
        var spec = Fixtures.study(diabetes, "val_rmse", dev.liandan.core.Direction.MINIMIZE);
        new Dl4jBackend().run(Fixtures.request(spec, Fixtures.params("epochs", 1L, "units", 16L), 3, tmp.resolve("r"), null));
        assertEquals(1, Nd4j.factory().blas().getMaxThreads(), "a small regression net trains on one thread");
        assertEquals(1, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
    }

    @Test
    void theSameSeededTrialGivesTheSameMetricsOnOneThread() throws Exception {
        var spec = Fixtures.study(Fixtures.digits());
        var params = Fixtures.params("epochs", 2L, "units", 32L, "batch_size", 64L);
        TrialOutcome a = new Dl4jBackend().run(Fixtures.request(spec, params, 5, tmp.resolve("a"), null));
        TrialOutcome b = new Dl4jBackend().run(Fixtures.request(spec, params, 5, tmp.resolve("b"), null));
        assertEquals(1, Dl4jBackend.threads(TrialConfig.from(params), Datasets.load(Fixtures.digits())));
        assertEquals(a.metrics(), b.metrics());
        assertTrue(a.value() > 0.2, "it learned (chance is 0.1): " + a.value());
    }
}
