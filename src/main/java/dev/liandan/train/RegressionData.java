package dev.liandan.train;

/**
 * A loaded, split and normalised regression data set. {@link #data} holds the features as every
 * model builder reads them (one output, named after the label column; its splits' class indices
 * are all 0 and mean nothing); the targets are here, in the label's own units, per split in split
 * order. Shared read-only: the arrays are never written.
 *
 * @param target the standardisation of the targets, fitted on the training split only
 */
public record RegressionData(Dataset data, TargetScaler target, double[] trainY, double[] validationY, double[] testY) {

    /** The targets of the split called "train", "validation" or "test", in the label's units. */
    public double[] targets(String split) {
        switch (split) {
            case "train":
                return trainY.clone();
            case "validation":
                return validationY.clone();
            case "test":
                return testY.clone();
            default:
                throw new IllegalArgumentException("no split '" + split + "'");
        }
    }

    /** The training targets standardised by {@link #target}, as the network is fitted on them. */
    float[] standardisedTrainTargets() {
        float[] z = new float[trainY.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = target.standardise(trainY[i]);
        }
        return z;
    }
}
