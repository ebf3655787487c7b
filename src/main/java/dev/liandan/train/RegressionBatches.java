package dev.liandan.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Minibatches of a regression training split: features and the standardised target as a
 * {@code [batch, 1]} column, reshuffled at every {@link #reset()} from one {@link Random} seeded with
 * the trial's seed (the same seed gives the same epochs, as {@link ShuffledBatches} does for classes).
 */
final class RegressionBatches implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final float[] features;
    private final float[] targets;
    private final int featureCount;
    private final int batchSize;
    private final Random random;
    private final int[] order;
    private int cursor;

    RegressionBatches(Split split, float[] targets, int batchSize, long seed) {
        if (split.size() == 0 || targets.length != split.size()) {
            throw new IllegalArgumentException("no rows to train on, or targets that do not match them");
        }
        this.features = split.featureBuffer();
        this.targets = targets;
        this.featureCount = split.featureCount();
        this.batchSize = Math.max(1, Math.min(batchSize, split.size()));
        this.random = new Random(seed);
        this.order = new int[split.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        reset();
    }

    int batchesPerEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int b = Math.min(num, order.length - cursor);
        int d = featureCount;
        float[] x = new float[b * d];
        float[] y = new float[b];
        for (int r = 0; r < b; r++) {
            int i = order[cursor + r];
            System.arraycopy(features, i * d, x, r * d, d);
            y[r] = targets[i];
        }
        cursor += b;
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

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts a new epoch in a new order. */
    @Override
    public void reset() {
        Datasets.shuffle(order, random);
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("the data are normalised when loaded");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
