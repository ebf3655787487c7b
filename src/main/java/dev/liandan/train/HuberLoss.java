package dev.liandan.train;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The Huber loss (Huber 1964, "Robust Estimation of a Location Parameter"): with the residual
 * {@code r = prediction - target}, {@code 0.5 r²} while {@code |r| <= delta} and
 * {@code delta (|r| - 0.5 delta)} beyond. Squared error near the target, absolute error far from
 * it, so a few outlying targets do not dominate the gradient as they do under MSE. DL4J 1.0.0-M2.1
 * has no Huber loss. Averaged over the outputs of a row, as DL4J's MSE is.
 *
 * <p>The gradient with respect to the output is {@code r} inside and {@code delta sign(r)} outside,
 * taken back through the output activation by the activation's own {@code backprop}.
 */
public final class HuberLoss extends OneParameterLoss {

    private static final long serialVersionUID = 1L;

    @JsonProperty("delta")
    private final double delta;

    @JsonCreator
    public HuberLoss(@JsonProperty("delta") double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huber delta " + delta);
        }
        this.delta = delta;
    }

    public double getDelta() {
        return delta;
    }

    private INDArray residual(INDArray labels, INDArray preOutput, IActivation activationFn) {
        return activationFn.getActivation(preOutput.dup(), true).subi(labels);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray r = residual(labels, preOutput, activationFn);
        INDArray abs = Transforms.abs(r, true);
        // min(|r|, delta) = q: loss = q (|r| - q / 2), which is r²/2 inside and delta (|r| - delta/2) outside
        INDArray q = Transforms.min(abs, delta, true);
        INDArray perOutput = q.mul(abs.subi(q.mul(0.5)));
        return masked(perOutput.mean(true, 1), mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray r = residual(labels, preOutput, activationFn);
        // clip the residual to [-delta, delta]: r inside, delta sign(r) outside
        INDArray dLdy = Transforms.max(Transforms.min(r, delta, false), -delta, false).divi(labels.size(1));
        return backprop(activationFn, preOutput, dLdy, mask);
    }

    @Override
    double parameter() {
        return delta;
    }

    @Override
    String family() {
        return "Huber";
    }
}
