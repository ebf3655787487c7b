package dev.liandan.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link MultiLayerNetwork} that lets its first layer leave out the gradient of the
 * network's input when DL4J throws it away.
 *
 * <p>Every backward pass of DL4J 1.0.0-M2.1 goes through {@code calcBackpropGradients}, whose
 * last argument says whether the caller wants the gradient of the input: a training step
 * ({@code computeGradientAndScore}, which {@code fit} calls) passes false, and that method then
 * sets layer 0's returned gradient to null after passing it through layer 0's input
 * preprocessor, if any; {@code calculateGradients} and {@code backpropGradient} (external errors,
 * a network used as a layer) pass true and return it. When it is false and layer 0 is a
 * {@link ForwardKeepingDense} without an input preprocessor, that layer is told for the duration
 * of the call, and skips its {@code delta W^T} (for the wide MLP of {@code liandan bench trial}
 * 205 M of a step's 1.43 G multiply-adds). Parameters, updater state and scores are those of
 * {@link MultiLayerNetwork} bit for bit. A saved network is DL4J's own: the configuration and
 * parameters do not name this class.
 */
final class NetworkWithoutInputGradient extends MultiLayerNetwork {

    private static final long serialVersionUID = 1L;

    NetworkWithoutInputGradient(MultiLayerConfiguration conf) {
        super(conf);
    }

    @Override
    protected Pair<Gradient, INDArray> calcBackpropGradients(INDArray epsilon, boolean withOutputLayer, boolean tbptt,
                                                             boolean returnInputActGrad) {
        ForwardKeepingDense first = returnInputActGrad ? null : firstLayer();
        if (first == null) {
            return super.calcBackpropGradients(epsilon, withOutputLayer, tbptt, returnInputActGrad);
        }
        first.leaveOutInputGradient(true);
        try {
            return super.calcBackpropGradients(epsilon, withOutputLayer, tbptt, returnInputActGrad);
        } finally {
            first.leaveOutInputGradient(false);
        }
    }

    /**
     * Layer 0 when it is a {@link ForwardKeepingDense} without an input preprocessor (DL4J would
     * hand a preprocessor the gradient before throwing it away), else null.
     */
    private ForwardKeepingDense firstLayer() {
        if (layers == null || layers.length == 0 || layerWiseConfigurations.getInputPreProcess(0) != null) {
            return null;
        }
        return layers[0] instanceof ForwardKeepingDense f ? f : null;
    }
}
