package dev.liandan.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dense layer, except that backpropagation reuses the pre-activation {@code z = x W + b}
 * of the training forward pass instead of computing it again.
 *
 * <p>DL4J 1.0.0-M2.1's {@code BaseLayer.backpropGradient} starts by recomputing {@code z}: a
 * fourth matrix product per dense layer and step beside the three that training needs (forward,
 * weight gradient, input gradient), because its forward pass applies the activation to {@code z}
 * in place. Here the training forward pass applies the activation to a copy and keeps {@code z}
 * for the backward pass of the same step. The values are those of the recomputation (the same
 * inputs, dropout mask, weights and order of operations), so training is unchanged bit for bit;
 * a wide MLP saves a quarter of its hidden layers' matrix products.
 *
 * <p>{@code z} is kept only between a training forward pass and the backward pass on the same
 * input: inference, a forward pass without a backward one, or a new input use DL4J's own path.
 * It lives in the same workspace as the layer's activations, which DL4J keeps open until the
 * backward pass is done. The network's configuration still names DL4J's dense layer, so a saved
 * model is DL4J's own (a restored one has DL4J's layer: the same numbers).
 */
final class ForwardKeepingDense extends DenseLayer {

    private static final long serialVersionUID = 1L;

    /** {@code (z, z before layer normalisation)} of the last training forward pass, or null. */
    private transient Pair<INDArray, INDArray> kept;
    /** The input {@link #kept} was computed from (after dropout). */
    private transient INDArray keptFor;

    private ForwardKeepingDense(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * Replaces each of {@code net}'s dense layers (DL4J's own class, not a subclass) with one that
     * keeps its forward pass, sharing its configuration, parameters and gradient views. Call after
     * {@code init()} and before the first fit. Returns how many layers were replaced.
     */
    static int install(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers().clone();
        int replaced = 0;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].getClass() != DenseLayer.class) {
                continue;
            }
            DenseLayer old = (DenseLayer) layers[i];
            ForwardKeepingDense l = new ForwardKeepingDense(old.conf(), net.getLayerWiseConfigurations().getDataType());
            l.setListeners(old.getListeners());
            l.setIndex(old.getIndex());
            l.setParamsViewArray(old.params());
            l.setParamTable(old.paramTable());
            if (old.getGradientsViewArray() != null) {
                l.setBackpropGradientsViewArray(old.getGradientsViewArray());
            }
            l.setCacheMode(net.getLayerWiseConfigurations().getCacheMode());
            layers[i] = l;
            replaced++;
        }
        if (replaced > 0) {
            net.setLayers(layers);
        }
        return replaced;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!training) {
            kept = null;
            keptFor = null;
            return super.activate(false, workspaceMgr);
        }
        Pair<INDArray, INDArray> z = super.preOutputWithPreNorm(true, false, workspaceMgr);
        // the activation works in place: give it a copy and keep z for the backward pass
        INDArray out = layerConf().getActivationFn().getActivation(workspaceMgr.dup(ArrayType.ACTIVATIONS, z.getFirst(), z.getFirst().ordering()), true);
        if (maskArray != null) {
            applyMask(out);
        }
        kept = z;
        keptFor = input;
        return out;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        Pair<INDArray, INDArray> z = kept;
        boolean reuse = training && forBackprop && z != null && keptFor == input;
        kept = null;
        keptFor = null;
        return reuse ? z : super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }

    @Override
    public void clearNoiseWeightParams() {
        kept = null;
        keptFor = null;
        super.clearNoiseWeightParams();
    }

    @Override
    public void clear() {
        kept = null;
        keptFor = null;
        super.clear();
    }
}
