package dev.liandan.train;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulesTest {

    @TempDir
    Path tmp;

    private static TrialConfig config(Object... overrides) {
        return TrialConfig.from(Fixtures.params(overrides));
    }

    @Test
    void constantKeepsTheRate() {
        ISchedule s = Schedules.learningRate(config("schedule", "constant", "lr", 0.02), 10);
        for (int t : new int[]{0, 1, 9, 10, 500}) {
            assertEquals(0.02, s.valueAt(t, t / 10), 0);
        }
    }

    @Test
    void stepMultipliesByGammaEveryStepEpochs() {
        ISchedule s = Schedules.learningRate(config("schedule", "step", "lr", 0.1, "step_epochs", 3L,
                "step_gamma", 0.5), 10);
        for (int epoch = 0; epoch < 12; epoch++) {
            double expected = 0.1 * Math.pow(0.5, Math.floor(epoch / 3.0));
            assertEquals(expected, s.valueAt(epoch * 10 + 7, epoch), 1e-15, "epoch " + epoch);
        }
        assertEquals(0.1, s.valueAt(29, 2), 0);
        assertEquals(0.05, s.valueAt(30, 3), 1e-15);
    }

    @Test
    void cosineWarmsUpLinearlyThenFollowsHalfACosine() {
        // 10 epochs of 5 iterations, 2 of them warm-up: W = 10, T = 50.
        ISchedule s = Schedules.learningRate(config("schedule", "cosine", "lr", 0.4, "epochs", 10L,
                "warmup_epochs", 2L), 5);
        assertEquals(new WarmupCosineSchedule(0.4, 0, 10, 50), s);
        for (int t = 0; t < 10; t++) {
            assertEquals(0.4 * (t + 1) / 10, s.valueAt(t, t / 5), 1e-15, "warm-up iteration " + t);
        }
        for (int t = 10; t <= 50; t++) {
            double expected = 0.5 * 0.4 * (1 + Math.cos(Math.PI * (t - 10) / 40.0));
            assertEquals(expected, s.valueAt(t, t / 5), 1e-15, "iteration " + t);
        }
        assertEquals(0.4, s.valueAt(10, 2), 1e-15);
        assertEquals(0.2, s.valueAt(30, 6), 1e-15);
        assertEquals(0.0, s.valueAt(50, 10), 1e-15);
        assertEquals(0.0, s.valueAt(80, 16), 1e-15);
        // Without warm-up the first iteration runs at the peak rate.
        ISchedule cold = Schedules.learningRate(config("schedule", "cosine", "lr", 0.4, "epochs", 10L), 5);
        assertEquals(0.4, cold.valueAt(0, 0), 0);
    }

    /**
     * The rate the network really applies: with plain SGD one step moves the parameters by
     * {@code -lr * gradient / batchSize} (the gradient DL4J computes is summed over the minibatch;
     * its updater divides by the minibatch size), so the least-squares ratio recovers {@code lr}.
     */
    private static double appliedRate(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        INDArray g = net.gradient().gradient().dup();
        INDArray before = net.params().dup();
        int epochs = net.getEpochCount();
        net.fit(batch);
        assertEquals(epochs, net.getEpochCount(), "fit(DataSet) does not count epochs");
        INDArray delta = net.params().sub(before);
        double ratio = -delta.mul(g).sumNumber().doubleValue() / g.mul(g).sumNumber().doubleValue();
        return ratio * batch.numExamples();
    }

    @Test
    void theNetworkAppliesTheCosineRatePerIteration() {
        Dataset iris = Datasets.load(Fixtures.iris());
        TrialConfig cfg = config("optimizer", "sgd", "schedule", "cosine", "lr", 0.05, "epochs", 4L,
                "warmup_epochs", 1L, "hidden_layers", 1L, "units", 16L);
        int perEpoch = 3;
        MultiLayerNetwork net = Models.mlp(cfg, 4, 3, 5, perEpoch);
        WarmupCosineSchedule s = new WarmupCosineSchedule(0.05, 0, 3, 12);
        ShuffledBatches batches = new ShuffledBatches(iris.train(), 32, 5);
        for (int t = 0; t < 12; t++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            assertEquals(t, net.getIterationCount());
            assertEquals(s.valueAt(t, 0), appliedRate(net, batches.next()), 1e-4 * 0.05, "iteration " + t);
        }
    }

    @Test
    void theNetworkAppliesTheStepRatePerEpochWhenFittedOnAnIterator() {
        Dataset iris = Datasets.load(Fixtures.iris());
        TrialConfig cfg = config("optimizer", "sgd", "schedule", "step", "lr", 0.05, "step_epochs", 2L,
                "step_gamma", 0.1, "hidden_layers", 1L, "units", 16L);
        MultiLayerNetwork net = Models.mlp(cfg, 4, 3, 5, 3);
        ShuffledBatches batches = new ShuffledBatches(iris.train(), 32, 5);
        DataSet probe = new ShuffledBatches(iris.validation(), 30, 1).next();
        for (int epoch = 0; epoch < 5; epoch++) {
            assertEquals(epoch, net.getEpochCount());
            double expected = 0.05 * Math.pow(0.1, epoch / 2);
            assertEquals(expected, net.getLearningRate(0), 1e-12);
            assertEquals(expected, appliedRate(net, probe), 1e-4 * expected, "epoch " + epoch);
            batches.reset();
            net.fit(batches);
        }
    }

    @Test
    void theCosineScheduleSurvivesAModelSaveAndLoad() throws Exception {
        TrialConfig cfg = config("schedule", "cosine", "lr", 0.01, "epochs", 7L, "warmup_epochs", 2L,
                "weight_decay", 1e-4, "dropout", 0.25);
        MultiLayerNetwork net = Models.mlp(cfg, 4, 3, 9, 11);
        Dataset iris = Datasets.load(Fixtures.iris());
        ShuffledBatches batches = new ShuffledBatches(iris.train(), 16, 9);
        net.fit(batches);

        File file = tmp.resolve("m.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);

        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        IUpdater updater = ((BaseLayer) back.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        ISchedule restored = updater.getClass().getMethod("getLearningRateSchedule").invoke(updater) instanceof ISchedule x
                ? x : null;
        assertInstanceOf(WarmupCosineSchedule.class, restored);
        assertEquals(new WarmupCosineSchedule(0.01, 0, 22, 77), restored);
        assertEquals(net.getIterationCount(), back.getIterationCount());
        assertEquals(net.getLearningRate(0), back.getLearningRate(0), 0);
        assertArrayEquals(net.params().toFloatVector(), back.params().toFloatVector(), 0f);
        assertArrayEquals(net.getUpdater().getStateViewArray().toFloatVector(),
                back.getUpdater().getStateViewArray().toFloatVector(), 0f);
        // Training goes on from where it stopped, at the scheduled rate.
        batches.reset();
        back.fit(batches);
        assertTrue(back.getIterationCount() > net.getIterationCount());
    }
}
