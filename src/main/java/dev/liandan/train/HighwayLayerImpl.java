package dev.liandan.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import static dev.liandan.train.HighwayParamInitializer.BH;
import static dev.liandan.train.HighwayParamInitializer.BT;
import static dev.liandan.train.HighwayParamInitializer.WH;
import static dev.liandan.train.HighwayParamInitializer.WT;

/**
 * The forward and backward pass of a {@link HighwayLayer}. With {@code aH = x WH + bH},
 * {@code H = act(aH)}, {@code T = sigmoid(x WT + bT)} and {@code y = x + T (H - x)}, given
 * {@code e = dL/dy}:
 * <pre>
 *   dL/daH = act'(aH) . (e T)
 *   dL/daT = e (H - x) T (1 - T)
 *   dL/dWH = x^T dL/daH,  dL/dbH = sum over rows of dL/daH  (same for T)
 *   dL/dx  = e (1 - T) + dL/daH WH^T + dL/daT WT^T
 * </pre>
 * (products without a ^T are element-wise).
 */
final class HighwayLayerImpl extends BaseLayer<HighwayLayer> {

    private static final long serialVersionUID = 1L;

    HighwayLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private record Forward(INDArray aH, INDArray h, INDArray t, INDArray y) {
    }

    private Forward forward(INDArray x) {
        INDArray aH = x.mmul(getParam(WH)).addiRowVector(getParam(BH));
        INDArray h = layerConf().getActivationFn().getActivation(aH.dup(), true);
        INDArray t = Transforms.sigmoid(x.mmul(getParam(WT)).addiRowVector(getParam(BT)), false);
        INDArray y = h.sub(x).muli(t).addi(x);
        return new Forward(aH, h, t, y);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        // replaces the input with its dropped-out copy when training with dropout
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray y = forward(input.castTo(dataType)).y();
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, y);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        Forward f = forward(x);
        INDArray daH = layerConf().getActivationFn().backprop(f.aH().dup(), epsilon.mul(f.t())).getFirst();
        INDArray daT = epsilon.mul(f.h().sub(x)).muli(f.t()).muli(f.t().rsub(1));

        gradientViews.get(WH).assign(x.transpose().mmul(daH));
        gradientViews.get(WT).assign(x.transpose().mmul(daT));
        gradientViews.get(BH).assign(daH.sum(true, 0));
        gradientViews.get(BT).assign(daT.sum(true, 0));
        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String key : new String[]{WH, WT, BH, BT}) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }

        INDArray next = epsilon.mul(f.t().rsub(1))
                .addi(daH.mmul(getParam(WH).transpose()))
                .addi(daT.mmul(getParam(WT).transpose()));
        next = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, next);
        return new Pair<>(g, backpropDropOutIfPresent(next));
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }
}
