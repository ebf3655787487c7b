package dev.liandan.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
}
