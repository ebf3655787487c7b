package dev.liandan.train;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cnn's convolution, batch normalisation and pooling run through oneDNN, and compute what DL4J's own code does. */
class LayerHelpersTest {

    @Test
    void cnnLayersGetOneDnnHelpersAndAgreeWithDl4jsOwnCode() {
        Dataset digits = Datasets.load(Fixtures.digits());
        TrialConfig cfg = TrialConfig.from(Fixtures.params("type", "cnn", "conv_layers", 2L, "filters", 8L,
                "hidden_layers", 1L, "units", 32L));
        MultiLayerNetwork fast = Models.build(cfg, digits, 1, Schedules.learningRate(cfg, 10));
        // conv, bn, act, pool, conv, bn, act, pool, dense, out
        assertInstanceOf(MKLDNNConvHelper.class, fast.getLayer(0).getHelper());
        assertInstanceOf(MKLDNNBatchNormHelper.class, fast.getLayer(1).getHelper());
        assertInstanceOf(MKLDNNSubsamplingHelper.class, fast.getLayer(3).getHelper());

        MultiLayerNetwork plain;
        System.setProperty(LayerHelpers.DISABLE, "true");
        try {
            plain = Models.build(cfg, digits, 1, Schedules.learningRate(cfg, 10));
        } finally {
            System.setProperty(LayerHelpers.DISABLE, "false");
        }
        assertNull(plain.getLayer(0).getHelper());
        plain.setParams(fast.params().dup());

        DataSet batch = new ShuffledBatches(digits.train(), 64, 7).next();
        INDArray a = fast.output(batch.getFeatures());
        INDArray b = plain.output(batch.getFeatures());
        assertTrue(a.equalsWithEps(b, 1e-5), "inference outputs differ by " + a.sub(b).amaxNumber());

        fast.setInput(batch.getFeatures());
        fast.setLabels(batch.getLabels());
        fast.computeGradientAndScore();
        plain.setInput(batch.getFeatures());
        plain.setLabels(batch.getLabels());
        plain.computeGradientAndScore();
        assertEquals(plain.score(), fast.score(), 1e-5 * Math.abs(plain.score()));
        INDArray ga = fast.getFlattenedGradients();
        INDArray gb = plain.getFlattenedGradients();
        double scale = gb.amaxNumber().doubleValue();
        assertTrue(ga.sub(gb).amaxNumber().doubleValue() <= 1e-4 * scale,
                "gradients differ by " + ga.sub(gb).amaxNumber() + " (largest " + scale + ")");
        fast.close();
        plain.close();
    }
}
