package dev.liandan.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The losses DL4J lacks: their values against the formulas and their gradients against finite differences. */
class LossFunctionsTest {

    private static final int N = 5;
    private static final int K = 4;

    private static INDArray logits(long seed) {
        Random r = new Random(seed);
        double[] v = new double[N * K];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * 2;
        }
        return Nd4j.create(v, new long[]{N, K}, DataType.DOUBLE);
    }

    private static INDArray labels() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, N, K);
        for (int i = 0; i < N; i++) {
            y.putScalar(i, (i * 3) % K, 1.0);
        }
        return y;
    }

    /** Central differences of the summed score against computeGradient, entry by entry. */
    private static void gradientCheck(ILossFunction loss, INDArray z, INDArray y) {
        INDArray analytic = loss.computeGradient(y, z.dup(), new ActivationSoftmax(), null);
        double h = 1e-6;
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < K; c++) {
                INDArray plus = z.dup();
                plus.putScalar(i, c, z.getDouble(i, c) + h);
                INDArray minus = z.dup();
                minus.putScalar(i, c, z.getDouble(i, c) - h);
                double numeric = (loss.computeScore(y, plus, new ActivationSoftmax(), null, false)
                        - loss.computeScore(y, minus, new ActivationSoftmax(), null, false)) / (2 * h);
                assertEquals(numeric, analytic.getDouble(i, c), 1e-6 + 1e-5 * Math.abs(numeric),
                        loss + " d/dz[" + i + "," + c + "]");
            }
        }
    }

    @Test
    void labelSmoothingIsCrossEntropyAgainstSmoothedTargets() {
        INDArray z = logits(1);
        INDArray y = labels();
        double eps = 0.2;
        INDArray p = new ActivationSoftmax().getActivation(z.dup(), false);
        double expected = 0;
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < K; c++) {
                double target = (1 - eps) * y.getDouble(i, c) + eps / K;
                expected -= target * Math.log(p.getDouble(i, c));
            }
        }
        assertEquals(expected / N, new LabelSmoothingLoss(eps).computeScore(y, z, new ActivationSoftmax(), null, true), 1e-9);
        assertEquals(new LossMCXENT().computeScore(y, z, new ActivationSoftmax(), null, true),
                new LabelSmoothingLoss(0).computeScore(y, z, new ActivationSoftmax(), null, true), 1e-12);
        gradientCheck(new LabelSmoothingLoss(eps), z, y);
    }

    @Test
    void focalLossFollowsLinEtAlAndIsCrossEntropyAtGammaZero() {
        INDArray z = logits(2);
        INDArray y = labels();
        double gamma = 2;
        INDArray p = new ActivationSoftmax().getActivation(z.dup(), false);
        double expected = 0;
        for (int i = 0; i < N; i++) {
            int c = (i * 3) % K;
            double pc = p.getDouble(i, c);
            expected -= Math.pow(1 - pc, gamma) * Math.log(pc);
        }
        assertEquals(expected, new FocalLoss(gamma).computeScore(y, z, new ActivationSoftmax(), null, false), 1e-9);
        assertEquals(new LossMCXENT().computeScore(y, z, new ActivationSoftmax(), null, true),
                new FocalLoss(0).computeScore(y, z, new ActivationSoftmax(), null, true), 1e-9);
        for (double g : new double[]{0, 0.5, 1, 2, 5}) {
            gradientCheck(new FocalLoss(g), logits(3 + (long) g), y);
        }
    }

    @Test
    void aMaskZeroesRows() {
        INDArray z = logits(4);
        INDArray y = labels();
        INDArray mask = Nd4j.create(new double[]{1, 0, 1, 1, 0}, new long[]{N, 1}, DataType.DOUBLE);
        INDArray scores = new FocalLoss(2).computeScoreArray(y, z, new ActivationSoftmax(), mask);
        assertEquals(0.0, scores.getDouble(1), 0);
        INDArray grad = new FocalLoss(2).computeGradient(y, z, new ActivationSoftmax(), mask);
        assertEquals(0.0, grad.getRow(4).sumNumber().doubleValue(), 0);
    }
}
