package dev.liandan.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dense layer with its own products trains as DL4J's dense layer does, to float rounding. */
class ForwardKeepingDenseTest {

    /** Hidden layers of 64 x {@code units} and {@code units} x {@code units / 16} weights. */
    private static MultiLayerConfiguration conf(Activation activation, double dropout, int units) {
        return new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(units).activation(activation).build())
                .layer(new DenseLayer.Builder().nIn(units).nOut(units / 16).activation(activation).dropOut(dropout).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(units / 16).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /** Layers that compute their own products: 65,536 weights each. */
    private static final int OWN = 1024;
    /** Layers that leave the products to DL4J. */
    private static final int DL4J = 64;

    private static MultiLayerNetwork net(MultiLayerConfiguration conf, boolean keep) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
        net.init();
        if (keep) {
            assertEquals(2, ForwardKeepingDense.install(net));
            assertInstanceOf(ForwardKeepingDense.class, net.getLayer(1));
        }
        return net;
    }

    /** Largest |a - b| over the largest |a|. */
    private static double relativeDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / a.amaxNumber().doubleValue();
    }

    @Test
    void gradientsOfAStepAreDl4jsToFloatRounding() {
        Split train = Datasets.load(Fixtures.digits()).train();
        DataSet batch = new DataSet(train.featureMatrix(), train.labelMatrix()).batchBy(64).get(0);
        for (Activation a : new Activation[]{Activation.RELU, Activation.TANH}) {
            INDArray[] grads = new INDArray[2];
            for (int keep = 0; keep < 2; keep++) {
                MultiLayerNetwork net = net(conf(a, 0.8, OWN), keep == 1);
                Nd4j.getRandom().setSeed(11); // the same dropout mask
                net.setInput(batch.getFeatures());
                net.setLabels(batch.getLabels());
                net.computeGradientAndScore();
                grads[keep] = net.gradient().gradient().dup();
            }
            double d = relativeDifference(grads[0], grads[1]);
            assertTrue(d < 1e-5, a + ": gradients differ by " + d + " of the largest");
            assertTrue(grads[0].amaxNumber().doubleValue() > 0);
        }
    }

    @Test
    void smallLayersTrainBitForBitAsDl4js() {
        Split train = Datasets.load(Fixtures.digits()).train();
        List<DataSet> batches = new DataSet(train.featureMatrix(), train.labelMatrix()).batchBy(64);
        for (Activation a : new Activation[]{Activation.RELU, Activation.TANH}) {
            float[][] params = new float[2][];
            for (int keep = 0; keep < 2; keep++) {
                MultiLayerNetwork net = net(conf(a, 0.8, DL4J), keep == 1);
                Nd4j.getRandom().setSeed(11);
                for (int epoch = 0; epoch < 2; epoch++) {
                    for (DataSet b : batches) {
                        net.fit(b);
                    }
                    net.output(train.featureMatrix().getRows(0, 1, 2), false);
                }
                params[keep] = net.params().toFloatVector();
            }
            for (int i = 0; i < params[0].length; i++) {
                assertEquals(Float.floatToIntBits(params[0][i]), Float.floatToIntBits(params[1][i]), a + ": parameter " + i);
            }
        }
    }

    @Test
    void trainingFollowsDl4jsDenseLayer() {
        Split train = Datasets.load(Fixtures.digits()).train();
        Split val = Datasets.load(Fixtures.digits()).validation();
        List<DataSet> batches = new DataSet(train.featureMatrix(), train.labelMatrix()).batchBy(64);
        double[] accuracy = new double[2];
        INDArray[] params = new INDArray[2];
        for (int keep = 0; keep < 2; keep++) {
            MultiLayerNetwork net = net(conf(Activation.TANH, 0.8, OWN), keep == 1);
            Nd4j.getRandom().setSeed(11);
            for (int epoch = 0; epoch < 3; epoch++) {
                for (DataSet b : batches) {
                    net.fit(b);
                }
                // an inference pass between steps leaves nothing behind for the next backward pass
                net.output(train.featureMatrix().getRows(0, 1, 2), false);
            }
            params[keep] = net.params().dup();
            accuracy[keep] = Dl4jBackend.accuracy(Dl4jBackend.probabilities(net, val, val.features()), val);
        }
        assertTrue(relativeDifference(params[0], params[1]) < 1e-3, "parameters after 3 epochs: " + relativeDifference(params[0], params[1]));
        assertEquals(accuracy[0], accuracy[1], 0.01);
        assertTrue(accuracy[1] > 0.9, "it learned the digits: " + accuracy[1]);
    }
    /** {@link #conf} with dropout on the first layer's input too. */
    private static MultiLayerConfiguration inputDropoutConf(Activation activation) {
        MultiLayerConfiguration conf = conf(activation, 0.8, OWN);
        conf.getConf(0).getLayer().setIDropout(new Dropout(0.9));
        return conf;
    }

    /** A {@link NetworkWithoutInputGradient} with the dense layers that keep their forward pass. */
    private static MultiLayerNetwork withoutInputGradient(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new NetworkWithoutInputGradient(conf.clone());
        net.init();
        assertEquals(2, ForwardKeepingDense.install(net));
        return net;
    }

    private static long leftOut(MultiLayerNetwork net) {
        return ((ForwardKeepingDense) net.getLayer(0)).inputGradientsLeftOut();
    }

    private static void assertSameBits(INDArray a, INDArray b, String what) {
        float[] x = a.ravel().toFloatVector();
        float[] y = b.ravel().toFloatVector();
        assertEquals(x.length, y.length, what);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(x[i]), Float.floatToIntBits(y[i]), what + " " + i);
        }
    }

    @Test
    void leavingOutTheFirstLayersInputGradientTrainsBitForBit() {
        Split train = Datasets.load(Fixtures.digits()).train();
        List<DataSet> batches = new DataSet(train.featureMatrix(), train.labelMatrix()).batchBy(64);
        for (Activation a : new Activation[]{Activation.RELU, Activation.TANH}) {
            MultiLayerConfiguration conf = inputDropoutConf(a);
            MultiLayerNetwork[] nets = {net(conf, true), withoutInputGradient(conf)};
            double[] scores = new double[2];
            for (int skip = 0; skip < 2; skip++) {
                Nd4j.getRandom().setSeed(11); // the same dropout masks
                for (int epoch = 0; epoch < 2; epoch++) {
                    for (DataSet b : batches) {
                        nets[skip].fit(b);
                    }
                    nets[skip].output(train.featureMatrix().getRows(0, 1, 2), false);
                }
                scores[skip] = nets[skip].score();
            }
            assertEquals(0, leftOut(nets[0]));
            assertEquals(2L * batches.size(), leftOut(nets[1]), a + ": every step left the input gradient out");
            assertSameBits(nets[0].params(), nets[1].params(), a + ": parameter");
            assertSameBits(nets[0].getUpdater().getStateViewArray(), nets[1].getUpdater().getStateViewArray(), a + ": Adam state");
            assertEquals(Double.doubleToLongBits(scores[0]), Double.doubleToLongBits(scores[1]), a + ": score");
        }
    }

    @Test
    void callersThatAskForTheInputGradientGetIt() {
        Split train = Datasets.load(Fixtures.digits()).train();
        DataSet batch = new DataSet(train.featureMatrix(), train.labelMatrix()).batchBy(64).get(0);
        MultiLayerConfiguration conf = conf(Activation.RELU, 0, OWN);
        // calculateGradients: DL4J's layer, the layer that keeps its forward pass, and the same in a NetworkWithoutInputGradient
        INDArray[] inputGrads = new INDArray[3];
        MultiLayerNetwork skipping = withoutInputGradient(conf);
        MultiLayerNetwork[] nets = {net(conf, false), net(conf, true), skipping};
        for (int i = 0; i < 3; i++) {
            Pair<Gradient, INDArray> p = nets[i].calculateGradients(batch.getFeatures(), batch.getLabels(), null, null);
            assertNotNull(p.getSecond(), "net " + i);
            inputGrads[i] = p.getSecond().dup();
        }
        assertEquals(0, leftOut(skipping));
        assertSameBits(inputGrads[1], inputGrads[2], "input gradient");
        assertTrue(inputGrads[0].amaxNumber().doubleValue() > 0);
        assertTrue(relativeDifference(inputGrads[0], inputGrads[2]) < 1e-5, "against DL4J's: " + relativeDifference(inputGrads[0], inputGrads[2]));
        // a training step after it still leaves it out
        skipping.fit(batch);
        assertEquals(1, leftOut(skipping));

        // external errors: a network of dense layers only, trained from an error given at its output
        MultiLayerConfiguration dense = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(1e-2)).weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(OWN).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(OWN).nOut(OWN / 16).activation(Activation.TANH).build())
                .build();
        Nd4j.getRandom().setSeed(7);
        INDArray error = Nd4j.rand(DataType.FLOAT, batch.getFeatures().size(0), OWN / 16).subi(0.5);
        MultiLayerNetwork[] denseNets = {net(dense, false), withoutInputGradient(dense)};
        INDArray[] errorGrads = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            denseNets[i].setInput(batch.getFeatures());
            denseNets[i].feedForward(true, false);
            Pair<Gradient, INDArray> p = denseNets[i].backpropGradient(error, LayerWorkspaceMgr.noWorkspaces());
            assertNotNull(p.getSecond(), "dense net " + i);
            errorGrads[i] = p.getSecond().dup();
        }
        assertEquals(0, leftOut(denseNets[1]));
        assertTrue(errorGrads[0].amaxNumber().doubleValue() > 0);
        assertTrue(relativeDifference(errorGrads[0], errorGrads[1]) < 1e-5, "against DL4J's: " + relativeDifference(errorGrads[0], errorGrads[1]));
    }
    @Test
    void inferenceIsDl4jsToFloatRoundingAndBitForBitForSmallLayers() {
        Split val = Datasets.load(Fixtures.digits()).validation();
        for (int units : new int[]{OWN, DL4J}) {
            MultiLayerConfiguration conf = conf(Activation.RELU, 0.8, units);
            INDArray dl4j = net(conf, false).output(val.featureMatrix(), false);
            INDArray own = net(conf, true).output(val.featureMatrix(), false);
            if (units == OWN) {
                double d = relativeDifference(dl4j, own);
                assertTrue(d < 1e-5, "outputs differ by " + d + " of the largest");
                assertTrue(d > 0, "the layers' own products add up in another order than DL4J's");
            } else {
                assertSameBits(dl4j, own, "output");
            }
        }
    }
}
