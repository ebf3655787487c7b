package dev.liandan.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of a {@link Split}, in an order reshuffled at every {@link #reset()} from one
 * {@link java.util.Random} seeded with the trial's seed: the same seed gives the same sequence of
 * epochs. Batches are gathered from the split's shared float buffer, which is never written; the
 * last batch of an epoch may be smaller.
 *
 * <p>Not asynchronous: {@code MultiLayerNetwork.fit} would otherwise wrap it in a prefetching
 * thread, which buys nothing for in-memory data.
 */
public final class ShuffledBatches extends ShuffledRowIterator {

    private static final long serialVersionUID = 1L;

    private final Split split;
    private Augmenter augmenter;

    /** Augments every gathered row (images of the training split only). */
    ShuffledBatches withAugmenter(Augmenter a) {
        this.augmenter = a;
        return this;
    }

    public ShuffledBatches(Split split, int batchSize, long seed) {
        super(checked(split), batchSize, seed);
        this.split = split;
    }

    private static int checked(Split split) {
        if (split.size() == 0) {
            throw new IllegalArgumentException("no rows to train on");
        }
        return split.size();
    }

    @Override
    DataSet gather(int[] order, int from, int b) {
        int d = split.featureCount();
        int k = split.classCount();
        float[] src = split.featureBuffer();
        int[] labels = split.labelBuffer();
        float[] x = new float[b * d];
        float[] y = new float[b * k];
        for (int r = 0; r < b; r++) {
            int i = order[from + r];
            System.arraycopy(src, i * d, x, r * d, d);
            if (augmenter != null) {
                augmenter.apply(x, r * d);
            }
            y[r * k + labels[i]] = 1f;
        }
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
}
