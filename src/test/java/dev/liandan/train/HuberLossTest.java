package dev.liandan.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Huber loss against its formula, MSE's half near the target, and its gradient against finite differences. */
class HuberLossTest {

    private static final INDArray TARGET = Nd4j.create(new double[]{0, 1, -2, 0.5, 3}, new long[]{5, 1}, DataType.DOUBLE);
    /** residuals -0.3, 0.2, 2.5, -1.7, 0.9: two beyond delta = 1 */
    private static final INDArray OUTPUT = Nd4j.create(new double[]{-0.3, 1.2, 0.5, -1.2, 3.9}, new long[]{5, 1},
            DataType.DOUBLE);

    @Test
    void quadraticInsideDeltaLinearOutside() {
        double[] r = {-0.3, 0.2, 2.5, -1.7, 0.9};
        double expected = 0;
        for (double v : r) {
            expected += Math.abs(v) <= 1 ? 0.5 * v * v : Math.abs(v) - 0.5;
        }
        HuberLoss huber = new HuberLoss(1.0);
        assertEquals(expected / 5, huber.computeScore(TARGET, OUTPUT.dup(), new ActivationIdentity(), null, true), 1e-12);
        // a delta beyond every residual: half the squared error, MSE's own scale
        double mse = new LossMSE().computeScore(TARGET, OUTPUT.dup(), new ActivationIdentity(), null, true);
        assertEquals(mse / 2, new HuberLoss(10).computeScore(TARGET, OUTPUT.dup(), new ActivationIdentity(), null, true),
                1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        HuberLoss huber = new HuberLoss(1.0);
        INDArray analytic = huber.computeGradient(TARGET, OUTPUT.dup(), new ActivationIdentity(), null);
        double h = 1e-6;
        for (int i = 0; i < 5; i++) {
            INDArray plus = OUTPUT.dup();
            plus.putScalar(i, 0, OUTPUT.getDouble(i, 0) + h);
            INDArray minus = OUTPUT.dup();
            minus.putScalar(i, 0, OUTPUT.getDouble(i, 0) - h);
            double numeric = (huber.computeScore(TARGET, plus, new ActivationIdentity(), null, false)
                    - huber.computeScore(TARGET, minus, new ActivationIdentity(), null, false)) / (2 * h);
            assertEquals(numeric, analytic.getDouble(i, 0), 1e-6, "d/dy[" + i + "]");
        }
        // beyond delta the gradient is delta sign(r), whatever the size of the residual
        assertEquals(1.0, analytic.getDouble(2, 0), 1e-12);
        assertEquals(-1.0, analytic.getDouble(3, 0), 1e-12);
    }

    @Test
    void survivesTheConfigurationsJsonRoundTripAndRefusesABadDelta() {
        OutputLayer layer = new OutputLayer.Builder(new HuberLoss(0.7)).nIn(3).nOut(1)
                .activation(new ActivationIdentity()).build();
        String json = new NeuralNetConfiguration.Builder().list().layer(layer).build().toJson();
        OutputLayer back = (OutputLayer) org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(json)
                .getConf(0).getLayer();
        assertEquals(new HuberLoss(0.7), back.getLossFn());
        assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0));
    }
}
