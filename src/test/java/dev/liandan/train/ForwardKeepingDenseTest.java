package dev.liandan.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Reusing the forward pass's pre-activation in the backward pass trains exactly as DL4J's dense layer does. */
class ForwardKeepingDenseTest {

    private static MultiLayerConfiguration conf(Activation activation, double dropout) {
        return new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(48).activation(activation).build())
                .layer(new DenseLayer.Builder().nIn(48).nOut(32).activation(activation).dropOut(dropout).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /** The parameters after 3 epochs of minibatch training on the digits, with or without the kept forward pass. */
    private static float[] trained(MultiLayerConfiguration conf, boolean keep) {
        Split train = Datasets.load(Fixtures.digits()).train();
        MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
        net.init();
        if (keep) {
            assertEquals(2, ForwardKeepingDense.install(net));
            assertInstanceOf(ForwardKeepingDense.class, net.getLayer(1));
        }
        Nd4j.getRandom().setSeed(11);
        DataSet all = new DataSet(train.featureMatrix(), train.labelMatrix());
        for (int epoch = 0; epoch < 3; epoch++) {
            for (DataSet batch : all.batchBy(64)) {
                net.fit(batch);
            }
            // an inference pass between steps must not leave anything behind for the next backward pass
            net.output(train.featureMatrix().getRows(0, 1, 2), false);
        }
        return net.params().toFloatVector();
    }

    @Test
    void trainingIsBitIdenticalToDl4jsDenseLayer() {
        for (Activation a : new Activation[]{Activation.RELU, Activation.TANH}) {
            MultiLayerConfiguration c = conf(a, 0.8);
            float[] plain = trained(c, false);
            float[] kept = trained(c, true);
            assertEquals(plain.length, kept.length);
            for (int i = 0; i < plain.length; i++) {
                assertEquals(Float.floatToIntBits(plain[i]), Float.floatToIntBits(kept[i]), a + ": parameter " + i);
            }
            MultiLayerNetwork fresh = new MultiLayerNetwork(c.clone());
            fresh.init();
            assertNotEquals(java.util.Arrays.toString(fresh.params().toFloatVector()), java.util.Arrays.toString(plain), "it trained");
        }
    }
}
