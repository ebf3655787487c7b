package dev.liandan.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * A network's class probabilities for many rows, computed {@value #ROWS_PER_PASS} rows at a time. DL4J
 * keeps the activations of a forward pass in a per-thread workspace that stays at the largest size it
 * ever needed: one pass over a whole split sized it for every row at once (2,000 MNIST rows through a
 * small CNN: a 1.4 GB block; a sweep that later also scored 16 members' test rows reached JavaCPP's
 * 4 GB physical-memory limit at {@code -Xmx1g} and failed). In passes of a few hundred rows the memory
 * is bounded by the pass, whatever the number of rows (bench/RESULTS.md, "Memory of a trial").
 */
public final class Inference {
    /** Rows per forward pass: large enough that per-pass overhead is negligible, small enough to bound memory. */
    public static final int ROWS_PER_PASS = 256;

    private Inference() {
    }

    /**
     * Softmax outputs in inference mode (dropout off) of {@code n} rows of {@code d} features
     * ({@code x} row-major, {@code n * d} floats), row-major {@code [n, classes]}.
     */
    public static float[] probabilities(MultiLayerNetwork net, float[] x, int n, int d) {
        if (n == 0) {
            return new float[0];
        }
        float[] out = null;
        int classes = 0;
        for (int from = 0; from < n; from += ROWS_PER_PASS) {
            int rows = Math.min(ROWS_PER_PASS, n - from);
            INDArray in = Nd4j.create(Arrays.copyOfRange(x, from * d, (from + rows) * d), new long[]{rows, d}, 'c');
            float[] p = net.output(in, false).castTo(DataType.FLOAT).dup('c').data().asFloat();
            if (out == null) {
                classes = p.length / rows;
                out = new float[Math.multiplyExact(n, classes)];
            }
            System.arraycopy(p, 0, out, from * classes, p.length);
        }
        return out;
    }
}
