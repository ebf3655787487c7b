package dev.liandan.train;

import dev.liandan.core.UserError;
import dev.liandan.study.TrialOutcome;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFamiliesTest {

    @TempDir
    Path tmp;

    private static TrialConfig config(Object... overrides) {
        return TrialConfig.from(Fixtures.params(overrides));
    }

    private static Layer layer(MultiLayerNetwork net, int i) {
        return net.getLayerWiseConfigurations().getConf(i).getLayer();
    }

    private TrialOutcome train(Map<String, Object> params, String dir) throws Exception {
        return new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.digits()), params, 11, tmp.resolve(dir), null));
    }

    @Test
    void cnnHasConvBatchNormActivationPoolBlocksAndDropoutOnlyWhereAsked() {
        Dataset digits = Datasets.load(Fixtures.digits());
        TrialConfig cfg = config("type", "cnn", "conv_layers", 2L, "filters", 8L, "conv_dropout", 0.1,
                "dense_dropout", 0.4, "hidden_layers", 1L, "units", 32L);
        MultiLayerNetwork net = Models.build(cfg, digits, 1, Schedules.learningRate(cfg, 10));
        // conv, bn, act, pool, conv, bn, act, pool, dense, out
        assertEquals(10, net.getnLayers());
        ConvolutionLayer first = assertInstanceOf(ConvolutionLayer.class, layer(net, 0));
        assertNull(first.getIDropout(), "no dropout on the raw pixels");
        assertEquals(8, first.getNOut());
        assertInstanceOf(BatchNormalization.class, layer(net, 1));
        ConvolutionLayer second = assertInstanceOf(ConvolutionLayer.class, layer(net, 4));
        assertEquals(16, second.getNOut());
        assertEquals(0.9, ((org.deeplearning4j.nn.conf.dropout.Dropout) second.getIDropout()).getP(), 1e-12);
        DenseLayer dense = assertInstanceOf(DenseLayer.class, layer(net, 8));
        assertEquals(2 * 2 * 16, dense.getNIn(), "8x8 pooled twice to 2x2, 16 filters");
        assertEquals(0.6, ((org.deeplearning4j.nn.conf.dropout.Dropout) dense.getIDropout()).getP(), 1e-12);
        assertEquals(WeightInit.RELU.getWeightInitFunction(), first.getWeightInitFn(), "kaiming for relu");
        INDArray out = net.output(digits.validation().featureMatrix());
        assertArrayEquals(new long[]{digits.validation().size(), 10}, out.shape());
        net.close();
    }

    @Test
    void cnnAndRnnLearnTheDigitsInTwoEpochs() throws Exception {
        TrialOutcome cnn = train(Fixtures.params("type", "cnn", "conv_layers", 2L, "filters", 8L, "hidden_layers", 1L,
                "units", 32L, "epochs", 2L, "lr", 0.01, "dense_dropout", 0.2), "cnn");
        assertTrue(cnn.value() > 0.6, "cnn val_accuracy " + cnn.value());
        TrialOutcome rnn = train(Fixtures.params("type", "rnn", "embedding_size", 16L, "hidden_size", 32L,
                "epochs", 2L, "lr", 0.01, "rnn_input_dropout", 0.1, "rnn_output_dropout", 0.2), "rnn");
        assertTrue(rnn.value() > 0.5, "rnn val_accuracy " + rnn.value());
        // the saved models load back and predict the same
        Dataset digits = Datasets.load(Fixtures.digits());
        for (String d : new String[]{"cnn", "rnn"}) {
            File f = tmp.resolve(d).resolve(Dl4jBackend.MODEL_FILE).toFile();
            MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
            MultiLayerNetwork again = ModelSerializer.restoreMultiLayerNetwork(f, true);
            assertEquals(back.getLayerWiseConfigurations(), again.getLayerWiseConfigurations());
            INDArray x = digits.validation().featureMatrix();
            assertEquals(back.output(x), again.output(x));
        }
    }

    @Test
    void rnnReadsEachRowAsStepsWithDropoutOnlyIntoAndOutOfTheRecurrence() {
        Dataset digits = Datasets.load(Fixtures.digits());
        TrialConfig cfg = config("type", "rnn", "embedding_size", 12L, "hidden_size", 20L, "rnn_layers", 2L,
                "rnn_input_dropout", 0.25, "rnn_output_dropout", 0.5);
        MultiLayerNetwork net = Models.build(cfg, digits, 1, Schedules.learningRate(cfg, 10));
        assertEquals(new StepsPreProcessor(8, 8), net.getLayerWiseConfigurations().getInputPreProcess(0));
        assertEquals(8, ((DenseLayer) layer(net, 0)).getNIn());
        LSTM first = assertInstanceOf(LSTM.class, layer(net, 1));
        assertEquals(0.75, ((org.deeplearning4j.nn.conf.dropout.Dropout) first.getIDropout()).getP(), 1e-12);
        LastTimeStep last = assertInstanceOf(LastTimeStep.class, layer(net, 2));
        assertNull(((LSTM) last.getUnderlying()).getIDropout(), "no dropout between or inside the LSTMs");
        OutputLayer out = assertInstanceOf(OutputLayer.class, layer(net, 3));
        assertEquals(0.5, ((org.deeplearning4j.nn.conf.dropout.Dropout) out.getIDropout()).getP(), 1e-12);
        net.close();
    }

    @Test
    void stepsPreProcessorOrdersRowsStepMajorAndBackpropInvertsIt() {
        INDArray x = Nd4j.arange(2 * 3 * 4).reshape(2, 12).castTo(DataType.FLOAT);
        StepsPreProcessor p = new StepsPreProcessor(3, 4);
        INDArray steps = p.preProcess(x, 2, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        // row t * n + b holds example b's step t
        assertEquals(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(8, 12)), steps.getRow(2 * 2 + 1));
        assertEquals(x, p.backprop(steps, 2, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
    }

    @Test
    void highwayComputesTheGatedSumAndPassesAGradientCheck() {
        int n = 6;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(n).activation(Activation.TANH).build())
                .layer(new HighwayLayer.Builder().size(n).activation(Activation.TANH).weightInit(WeightInit.XAVIER).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(n).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 5, 3);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 3, 1);
        }
        // y = T * H + (1 - T) * x, by hand from the layer's parameters
        INDArray h0 = net.feedForwardToLayer(0, x).get(1);
        Map<String, INDArray> p = net.getLayer(1).paramTable();
        INDArray hh = Transforms.tanh(h0.mmul(p.get("WH")).addRowVector(p.get("bH")));
        INDArray t = Transforms.sigmoid(h0.mmul(p.get("WT")).addRowVector(p.get("bT")));
        INDArray expected = t.mul(hh).add(t.rsub(1).mul(h0));
        INDArray actual = net.feedForwardToLayer(1, x).get(2);
        assertTrue(expected.equalsWithEps(actual, 1e-10));
        assertEquals(HighwayLayer.GATE_BIAS, p.get("bT").getDouble(0), 0);

        // finite differences of the score against the backprop gradient, parameter by parameter
        DataType before = Nd4j.dataType();
        DataType beforeFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(x, y);
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
            INDArray grad = net.gradient().gradient().dup();
            INDArray params = net.params();
            double eps = 1e-6;
            for (int i = 0; i < params.length(); i++) {
                double v = params.getDouble(i);
                params.putScalar(i, v + eps);
                double plus = net.score(ds, false);
                params.putScalar(i, v - eps);
                double minus = net.score(ds, false);
                params.putScalar(i, v);
                double numeric = (plus - minus) / (2 * eps);
                // DL4J's gradient is summed over the minibatch, its score averaged: hence the factor
                assertEquals(numeric * 5, grad.getDouble(i), 1e-7 + 1e-5 * Math.abs(numeric * 5), "parameter " + i);
            }
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFloat);
        }
    }

    @Test
    void highwayReplacesDenseLayersOfMatchingWidthAndTrains() throws Exception {
        Dataset digits = Datasets.load(Fixtures.digits());
        TrialConfig cfg = config("highway", true, "hidden_layers", 3L, "units", 32L);
        MultiLayerNetwork net = Models.build(cfg, digits, 1, Schedules.learningRate(cfg, 10));
        assertInstanceOf(DenseLayer.class, layer(net, 0), "64 -> 32 does not match: a dense layer");
        assertInstanceOf(HighwayLayer.class, layer(net, 1));
        assertInstanceOf(HighwayLayer.class, layer(net, 2));
        net.close();
        TrialOutcome o = train(Fixtures.params("highway", true, "hidden_layers", 3L, "units", 32L, "epochs", 2L,
                "loss", "focal", "lr", 0.01), "highway");
        assertTrue(o.value() > 0.8, "val_accuracy " + o.value());
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(tmp.resolve("highway/model.zip").toFile(), true);
        assertInstanceOf(HighwayLayer.class, layer(back, 1));
        assertInstanceOf(FocalLoss.class, ((OutputLayer) layer(back, 3)).getLossFn());
    }

    @Test
    void imagesThatDoNotFitTheFeaturesAreAUserError() {
        Dataset iris = Datasets.load(Fixtures.iris());
        TrialConfig cfg = config("type", "cnn", "image_height", 3L);
        UserError e = assertThrows(UserError.class, () -> Models.build(cfg, iris, 1, Schedules.learningRate(cfg, 1)));
        assertTrue(e.getMessage().contains("image 3x3x1"), e.getMessage());
        TrialConfig rnn = config("type", "rnn", "sequence_length", 3L);
        assertThrows(UserError.class, () -> Models.build(rnn, iris, 1, Schedules.learningRate(rnn, 1)));
    }
}
