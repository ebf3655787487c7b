package dev.liandan.train;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * What our loss functions with one number of their own (focal's gamma, label smoothing's epsilon)
 * share: score and gradient computed together as DL4J asks, a name that shows the number, and
 * equality by class and number (DL4J compares configurations, e.g. after a JSON round trip).
 */
abstract class OneParameterLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    /** The loss's own number; not a bean getter, so DL4J's JSON carries only the subclass's field. */
    abstract double parameter();

    /** The loss's name without its number, e.g. {@code Focal}. */
    abstract String family();

    /** The mean of the row scores when {@code average}, their sum otherwise. */
    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    /** Row scores with masked-out rows zeroed (in place). */
    static INDArray masked(INDArray rowScores, INDArray mask) {
        if (mask != null) {
            rowScores.muli(mask.reshape(rowScores.shape()));
        }
        return rowScores;
    }

    /**
     * The gradient with respect to the pre-activation output, from the gradient {@code dLdy}
     * with respect to the activation's output, taken back by the activation's own backprop;
     * masked-out rows zeroed.
     */
    static INDArray backprop(IActivation activationFn, INDArray preOutput, INDArray dLdy, INDArray mask) {
        INDArray grad = activationFn.backprop(preOutput.dup(), dLdy).getFirst();
        if (mask != null) {
            grad.muliColumnVector(mask.reshape(mask.size(0), 1).castTo(grad.dataType()));
        }
        return grad;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return family() + "(" + parameter() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((OneParameterLoss) o).parameter() == parameter();
    }

    @Override
    public int hashCode() {
        return Double.hashCode(parameter());
    }

    @Override
    public String toString() {
        return name();
    }
}
