package dev.liandan.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
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
        return probabilities(net, x, n, new long[]{d}, null);
    }

    /**
     * Outputs in inference mode of a {@link MultiLayerNetwork} or single-output {@link ComputationGraph}
     * for {@code n} rows ({@code x} row-major), each reshaped to {@code exampleShape} ({@code [d]}, or
     * {@code [channels, height, width]}, ...) and transformed by {@code normalizer} when it is not null;
     * row-major {@code [n, outputs]}.
     */
    public static float[] probabilities(Model net, float[] x, int n, long[] exampleShape, DataNormalization normalizer) {
        if (n == 0) {
            return new float[0];
        }
        int d = Math.toIntExact(Arrays.stream(exampleShape).reduce(1, Math::multiplyExact));
        if (x.length != Math.multiplyExact(n, d)) {
            throw new IllegalArgumentException(x.length + " values for " + n + " rows of " + d);
        }
        float[] out = null;
        int classes = 0;
        for (int from = 0; from < n; from += ROWS_PER_PASS) {
            int rows = Math.min(ROWS_PER_PASS, n - from);
            long[] shape = new long[exampleShape.length + 1];
            shape[0] = rows;
            System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
            INDArray in = Nd4j.create(Arrays.copyOfRange(x, from * d, (from + rows) * d), shape, 'c');
            if (normalizer != null) {
                normalizer.transform(in);
            }
            INDArray o = net instanceof MultiLayerNetwork m ? m.output(in, false)
                    : ((ComputationGraph) net).outputSingle(false, in);
            float[] p = o.castTo(DataType.FLOAT).dup('c').data().asFloat();
            if (out == null) {
                classes = p.length / rows;
                out = new float[Math.multiplyExact(n, classes)];
            }
            System.arraycopy(p, 0, out, from * classes, p.length);
        }
        return out;
    }
}
