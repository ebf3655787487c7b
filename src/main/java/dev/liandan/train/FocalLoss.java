package dev.liandan.train;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Multi-class focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection", eq. 4,
 * without the alpha weights): {@code FL = -sum_c y_c (1 - p_c)^gamma log p_c}. The factor
 * {@code (1 - p)^gamma} shrinks the loss of examples the network already gets right, so training
 * concentrates on the hard ones; {@code gamma = 0} is cross-entropy.
 *
 * <p>The gradient with respect to the probabilities is
 * {@code dFL/dp_c = y_c (gamma (1 - p_c)^(gamma - 1) log p_c - (1 - p_c)^gamma / p_c)}, taken back
 * through the output activation (softmax) by the activation's own {@code backprop}. Probabilities
 * are clipped at {@value #EPS} from 0 and 1 as DL4J's MCXENT clips its softmax.
 */
public final class FocalLoss extends OneParameterLoss {

    private static final long serialVersionUID = 1L;
    static final double EPS = 1e-10;

    @JsonProperty("gamma")
    private final double gamma;

    @JsonCreator
    public FocalLoss(@JsonProperty("gamma") double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("focal gamma " + gamma);
        }
        this.gamma = gamma;
    }

    public double getGamma() {
        return gamma;
    }

    private INDArray probabilities(INDArray preOutput, IActivation activationFn) {
        INDArray p = activationFn.getActivation(preOutput.dup(), true);
        return Transforms.max(Transforms.min(p, 1 - EPS, false), EPS, false);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(preOutput, activationFn);
        INDArray focus = Transforms.pow(p.rsub(1), gamma, false);
        INDArray perClass = labels.mul(focus).muli(Transforms.log(p, true)).negi();
        return masked(perClass.sum(true, 1), mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(preOutput, activationFn);
        INDArray q = p.rsub(1);
        // - (1 - p)^gamma / p
        INDArray dLdp = Transforms.pow(q, gamma, true).divi(p).negi();
        if (gamma != 0) {
            // + gamma (1 - p)^(gamma - 1) log p
            INDArray term = Transforms.pow(q, gamma - 1, true).muli(Transforms.log(p, true)).muli(gamma);
            dLdp.addi(term);
        }
        dLdp.muli(labels);
        return backprop(activationFn, preOutput, dLdp, mask);
    }

    @Override
    double parameter() {
        return gamma;
    }

    @Override
    String family() {
        return "Focal";
    }
}
