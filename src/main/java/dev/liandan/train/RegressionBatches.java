package dev.liandan.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of a regression training split: features and the standardised target as a
 * {@code [batch, 1]} column, reshuffled at every {@link #reset()} from one {@link java.util.Random}
 * seeded with the trial's seed (the same seed gives the same epochs, as {@link ShuffledBatches} does
 * for classes).
 */
final class RegressionBatches extends ShuffledRowIterator {

    private static final long serialVersionUID = 1L;

    private final float[] features;
    private final float[] targets;
    private final int featureCount;

    RegressionBatches(Split split, float[] targets, int batchSize, long seed) {
        super(checked(split, targets), batchSize, seed);
        this.features = split.featureBuffer();
        this.targets = targets;
        this.featureCount = split.featureCount();
    }

    private static int checked(Split split, float[] targets) {
        if (split.size() == 0 || targets.length != split.size()) {
            throw new IllegalArgumentException("no rows to train on, or targets that do not match them");
        }
        return split.size();
    }

    @Override
    DataSet gather(int[] order, int from, int b) {
        int d = featureCount;
        float[] x = new float[b * d];
        float[] y = new float[b];
        for (int r = 0; r < b; r++) {
            int i = order[from + r];
            System.arraycopy(features, i * d, x, r * d, d);
            y[r] = targets[i];
        }
        return new DataSet(Nd4j.create(x, new long[]{b, d}, 'c'), Nd4j.create(y, new long[]{b, 1}, 'c'));
    }

    @Override
    public int inputColumns() {
        return featureCount;
    }

    @Override
    public int totalOutcomes() {
        return 1;
    }
}
