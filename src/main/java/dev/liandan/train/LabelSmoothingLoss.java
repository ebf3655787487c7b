package dev.liandan.train;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cross-entropy against smoothed targets (Szegedy et al. 2016, "Rethinking the Inception
 * Architecture for Computer Vision", section 7): the one-hot target {@code y} becomes
 * {@code (1 - eps) * y + eps / K} over {@code K} classes, which keeps the logits from growing
 * without bound and the network from becoming over-confident. With a softmax output the gradient
 * with respect to the pre-activation is {@code p - y_smoothed}; DL4J's {@link LossMCXENT} computes
 * it from the smoothed labels, so this class only transforms the labels.
 */
public final class LabelSmoothingLoss extends OneParameterLoss {

    private static final long serialVersionUID = 1L;

    @JsonProperty("smoothing")
    private final double smoothing;

    @JsonCreator
    public LabelSmoothingLoss(@JsonProperty("smoothing") double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing " + smoothing);
        }
        this.smoothing = smoothing;
    }

    public double getSmoothing() {
        return smoothing;
    }

    private INDArray smooth(INDArray labels) {
        long k = labels.size(1);
        return labels.mul(1 - smoothing).addi(smoothing / k);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return new LossMCXENT().computeScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return new LossMCXENT().computeScoreArray(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return new LossMCXENT().computeGradient(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    double parameter() {
        return smoothing;
    }

    @Override
    String family() {
        return "LabelSmoothing";
    }
}
