package dev.liandan.train;

import dev.liandan.space.DataSpec;
import dev.liandan.core.UserError;
import dev.liandan.study.TrialOutcome;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferTest {

    @TempDir
    Path tmp;

    private Path pretrain() throws Exception {
        Map<String, Object> params = Fixtures.params("hidden_layers", 3L, "units", 16L, "epochs", 2L, "lr", 0.01);
        new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.digits()), params, 4, tmp.resolve("pre"), null));
        return tmp.resolve("pre").resolve(Dl4jBackend.MODEL_FILE);
    }

    @Test
    void frozenLayersStayBitIdenticalAndEachGroupTrainsAtItsRate() throws Exception {
        Path model = pretrain();
        MultiLayerNetwork source = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
        Dataset digits = Datasets.load(Fixtures.digits());
        double lr = 0.05;
        TrialConfig cfg = TrialConfig.from(Fixtures.params("pretrained", model.toString(), "freeze", 1L,
                "optimizer", "sgd", "lr", lr, "features_lr_multiplier", 0.1, "lr_decay_per_layer", 0.5));
        MultiLayerNetwork net = Models.build(cfg, digits, 8, Schedules.learningRate(cfg, 10), tmp);

        assertInstanceOf(FrozenLayer.class, net.getLayerWiseConfigurations().getConf(0).getLayer());
        for (int i = 0; i < 3; i++) {
            assertEquals(source.getLayer(i).params(), net.getLayer(i).params(), "layer " + i + " carried over");
        }
        assertFalse(source.getLayer(3).params().equalsWithEps(net.getLayer(3).params(), 1e-6), "a fresh head");
        // head at lr, the layer below at 0.1 lr, the next at 0.1 * 0.5 lr
        double[] expected = {Double.NaN, 0.1 * 0.5 * lr, 0.1 * lr, lr};
        for (int i = 1; i < 4; i++) {
            assertEquals(expected[i], net.getLearningRate(i), 1e-12, "layer " + i);
        }

        INDArray frozenBefore = net.getLayer(0).params().dup();
        ShuffledBatches batches = new ShuffledBatches(digits.train(), 32, 3);
        // one SGD step: each layer's parameters move by its rate times its gradient / batch
        DataSet batch = batches.next();
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        Map<String, INDArray> views = net.gradient().gradientForVariable();
        Map<String, INDArray> grads = new java.util.HashMap<>();
        views.forEach((k, v) -> grads.put(k, v.dup()));
        INDArray[] before = new INDArray[4];
        for (int i = 1; i < 4; i++) {
            before[i] = net.getLayer(i).getParam("W").dup();
        }
        net.fit(batch);
        for (int i = 1; i < 4; i++) {
            INDArray g = grads.get(i + "_W");
            INDArray delta = net.getLayer(i).getParam("W").sub(before[i]);
            double rate = -delta.mul(g).sumNumber().doubleValue() / g.mul(g).sumNumber().doubleValue() * batch.numExamples();
            assertEquals(expected[i], rate, expected[i] * 1e-3, "applied rate of layer " + i);
        }
        batches.reset();
        net.fit(batches);
        assertArrayEquals(frozenBefore.toFloatVector(), net.getLayer(0).params().toFloatVector(), 0f,
                "the frozen layer is bit-identical after training");
        assertEquals(source.getLayer(0).params(), net.getLayer(0).params());
        net.close();
        source.close();
    }

    @Test
    void reinitLayersStartFreshAndTheRestAreCarriedOver() throws Exception {
        Path model = pretrain();   // 3 dense layers and the head
        MultiLayerNetwork source = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
        Dataset digits = Datasets.load(Fixtures.digits());
        TrialConfig cfg = TrialConfig.from(Fixtures.params("pretrained", model.toString(), "freeze", 1L, "reinit", 2L));
        MultiLayerNetwork net = Models.build(cfg, digits, 8, Schedules.learningRate(cfg, 10), tmp);
        assertEquals(source.getLayer(0).params(), net.getLayer(0).params(), "layer 0 carried over");
        for (int i = 1; i < 3; i++) {
            assertFalse(source.getLayer(i).params().equalsWithEps(net.getLayer(i).params(), 1e-6), "layer " + i + " fresh");
            assertEquals(source.getLayer(i).numParams(), net.getLayer(i).numParams());
        }
        net.close();

        // freezing a fresh layer is contradictory: that trial fails with the reason, the sweep goes on
        TrialConfig both = TrialConfig.from(Fixtures.params("pretrained", model.toString(), "freeze", 2L, "reinit", 2L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.build(both, digits, 8, Schedules.learningRate(both, 10), tmp));
        assertTrue(e.getMessage().contains("only the first 1 of the network's 3 layers"), e.getMessage());
        source.close();
    }

    @Test
    void aFineTuningTrialRunsAndSavesAModelThatLoads() throws Exception {
        Path model = pretrain();
        TrialOutcome o = new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.digits()),
                Fixtures.params("pretrained", model.toString(), "freeze", 2L, "epochs", 1L, "lr", 0.01),
                5, tmp.resolve("fine"), null));
        assertEquals(null, o.failReason());
        assertTrue(o.value() > 0.5, "val_accuracy " + o.value());
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(tmp.resolve("fine/model.zip").toFile(), true);
        assertInstanceOf(FrozenLayer.class, back.getLayerWiseConfigurations().getConf(1).getLayer());
        back.close();
    }

    @Test
    void aCnnFineTunesWithItsFirstBlockFrozen() throws Exception {
        Map<String, Object> pre = Fixtures.params("type", "cnn", "conv_layers", 2L, "filters", 4L, "hidden_layers", 1L,
                "units", 16L, "epochs", 1L, "lr", 0.01);
        new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.digits()), pre, 4, tmp.resolve("cnn"), null));
        Path model = tmp.resolve("cnn").resolve(Dl4jBackend.MODEL_FILE);
        MultiLayerNetwork source = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
        TrialOutcome o = new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.digits()),
                Fixtures.params("pretrained", model.toString(), "freeze", 4L, "epochs", 1L, "lr", 0.01),
                6, tmp.resolve("cnn-fine"), null));
        assertEquals(null, o.failReason());
        MultiLayerNetwork tuned = ModelSerializer.restoreMultiLayerNetwork(tmp.resolve("cnn-fine/model.zip").toFile(), false);
        // conv and batch norm of the first block: bit-identical; the second conv has trained
        assertEquals(source.getLayer(0).params(), tuned.getLayer(0).params());
        assertEquals(source.getLayer(1).params(), tuned.getLayer(1).params());
        assertFalse(source.getLayer(4).params().equals(tuned.getLayer(4).params()));
        source.close();
        tuned.close();
    }

    @Test
    void aMissingOrMismatchedModelIsAUserError() throws Exception {
        Dataset iris = Datasets.load(Fixtures.iris());
        TrialConfig missing = TrialConfig.from(Fixtures.params("pretrained", "nope.zip"));
        UserError e = assertThrows(UserError.class,
                () -> Models.build(missing, iris, 1, Schedules.learningRate(missing, 1), tmp));
        assertTrue(e.getMessage().contains("no such model file"), e.getMessage());
        Path model = pretrain();
        TrialConfig wrong = TrialConfig.from(Fixtures.params("pretrained", model.toString()));
        e = assertThrows(UserError.class, () -> Models.build(wrong, iris, 1, Schedules.learningRate(wrong, 1), tmp));
        assertTrue(e.getMessage().contains("takes 64 features, the data has 4"), e.getMessage());
    }

    private static DataSpec digits(DataSpec.Normalization norm, String... classes) {
        return new DataSpec(Fixtures.DIGITS, "label", 0.2, 0.2, 7, norm, "csv", null, List.of(classes));
    }

    /**
     * The fix of the MNIST 0-4 -> 5-9 example: the pre-trained layers must see inputs scaled as in
     * their training. A network pre-trained on digits 0-4 min-max scaled with their own statistics
     * may not be fine-tuned on 5-9 scaled with theirs; with a fixed scaling (none, pixels) it may.
     */
    @Test
    void fineTuningRefusesInputsScaledOtherwiseThanInPreTraining() throws Exception {
        Map<String, Object> pre = Fixtures.params("hidden_layers", 1L, "units", 16L, "epochs", 1L);
        Dl4jBackend backend = new Dl4jBackend();
        for (DataSpec.Normalization norm : List.of(DataSpec.Normalization.MINMAX, DataSpec.Normalization.NONE)) {
            Path dir = tmp.resolve("pre-" + norm);
            backend.run(Fixtures.request(Fixtures.study(digits(norm, "0", "1", "2", "3", "4")), pre, 4, dir, null));
            Path model = dir.resolve(Dl4jBackend.MODEL_FILE);
            assertEquals(InputScaling.of(Datasets.load(digits(norm, "0", "1", "2", "3", "4")).scaler()),
                    Transfer.saved(model), "model.zip records its input scaling");
            Map<String, Object> fine = Fixtures.params("pretrained", model.toString(), "freeze", 1L, "epochs", 1L);
            var request = Fixtures.request(Fixtures.study(digits(norm, "5", "6", "7", "8", "9")), fine, 5,
                    tmp.resolve("fine-" + norm), null);
            if (norm == DataSpec.Normalization.MINMAX) {
                UserError e = assertThrows(UserError.class, () -> backend.run(request));
                assertTrue(e.getMessage().contains("was trained on inputs scaled by data.normalize: minmax (fitted on its"
                        + " own study's training rows); this study's are scaled otherwise ("), e.getMessage());
            } else {
                assertEquals(null, backend.run(request).failReason());
            }
        }
        // the other normalization than the pre-training's is refused too
        Path model = tmp.resolve("pre-NONE").resolve(Dl4jBackend.MODEL_FILE);
        UserError e = assertThrows(UserError.class, () -> Transfer.checkScaling(model,
                InputScaling.of(Datasets.load(digits(DataSpec.Normalization.PIXELS, "5", "6")).scaler())));
        assertTrue(e.getMessage().contains("(none against pixels)"), e.getMessage());
    }
}
