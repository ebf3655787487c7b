package dev.liandan.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Minibatches of a {@link Split}, in an order reshuffled at every {@link #reset()} from one
 * {@link Random} seeded with the trial's seed: the same seed gives the same sequence of epochs.
 * Batches are gathered from the split's shared float buffer, which is never written; the last
 * batch of an epoch may be smaller.
 *
 * <p>Not asynchronous: {@code MultiLayerNetwork.fit} would otherwise wrap it in a prefetching
 * thread, which buys nothing for in-memory data.
 */
public final class ShuffledBatches implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final Split split;
    private final int batchSize;
    private final Random random;
    private final int[] order;
    private int cursor;
    private Augmenter augmenter;

    /** Augments every gathered row (images of the training split only). */
    ShuffledBatches withAugmenter(Augmenter a) {
        this.augmenter = a;
        return this;
    }

    public ShuffledBatches(Split split, int batchSize, long seed) {
        if (split.size() == 0) {
            throw new IllegalArgumentException("no rows to train on");
        }
        this.split = split;
        this.batchSize = Math.max(1, Math.min(batchSize, split.size()));
        this.random = new Random(seed);
        this.order = new int[split.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    /** Minibatches per epoch. */
    public int batchesPerEpoch() {
        return (split.size() + batchSize - 1) / batchSize;
    }

    private void shuffle() {
        Datasets.shuffle(order, random);
        cursor = 0;
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
        int d = split.featureCount();
        int k = split.classCount();
        float[] src = split.featureBuffer();
        int[] labels = split.labelBuffer();
        float[] x = new float[b * d];
        float[] y = new float[b * k];
        for (int r = 0; r < b; r++) {
            int i = order[cursor + r];
            System.arraycopy(src, i * d, x, r * d, d);
            if (augmenter != null) {
                augmenter.apply(x, r * d);
            }
            y[r * k + labels[i]] = 1f;
        }
        cursor += b;
        return new DataSet(Nd4j.create(x, new long[]{b, d}, 'c'), Nd4j.create(y, new long[]{b, k}, 'c'));
    }

    @Override
    public int inputColumns() {
        return split.featureCount();
    }

    @Override
    public int totalOutcomes() {
        return split.classCount();
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
        shuffle();
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
