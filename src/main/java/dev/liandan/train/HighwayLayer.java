package dev.liandan.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A highway layer (Srivastava, Greff & Schmidhuber 2015, "Highway Networks"):
 * {@code y = T(x) * H(x) + (1 - T(x)) * x} with {@code H(x) = act(x W_H + b_H)} and the transform
 * gate {@code T(x) = sigmoid(x W_T + b_T)}; input and output have the same width {@code nIn = nOut}.
 * The gate bias starts at {@value #GATE_BIAS} (the paper: -1 to -3, so that a fresh layer mostly
 * carries its input through), which lets deep stacks train like shallow ones.
 *
 * <p>A native DL4J layer ({@link HighwayLayerImpl} with hand-written backprop, checked against
 * finite differences in the tests) rather than a SameDiff layer: in DL4J 1.0.0-M2.1 a
 * {@code SameDiffLayer} in a {@code MultiLayerNetwork} returned twice the true gradient for its
 * parameters and for every layer below it (measured against finite differences while building
 * this), and printed to stdout on every graph build.
 */
public class HighwayLayer extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;
    static final double GATE_BIAS = -2.0;

    /** For JSON. */
    public HighwayLayer() {
    }

    private HighwayLayer(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        if (nIn != nOut) {
            throw new IllegalStateException("highway layer " + layerIndex + ": nIn " + nIn + " != nOut " + nOut);
        }
        HighwayLayerImpl layer = new HighwayLayerImpl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return HighwayParamInitializer.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, HighwayLayer.class, inputType, outputType)
                .standardMemory(params, getIUpdater().stateSize(params))
                .workingMemory(0, 4 * nOut, 0, 6 * nOut)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        /** A highway layer {@code size} wide. */
        public Builder size(long size) {
            nIn(size);
            return nOut(size);
        }

        @Override
        @SuppressWarnings("unchecked")
        public HighwayLayer build() {
            return new HighwayLayer(this);
        }
    }
}
