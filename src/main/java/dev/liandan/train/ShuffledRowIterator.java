package dev.liandan.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Minibatches of in-memory rows in an order reshuffled at every {@link #reset()} from one
 * {@link Random} seeded with the trial's seed: the same seed gives the same sequence of epochs.
 * The last batch of an epoch may be smaller. Subclasses gather the rows of a batch into a
 * {@link DataSet}.
 *
 * <p>Not asynchronous: {@code MultiLayerNetwork.fit} would otherwise wrap it in a prefetching
 * thread, which buys nothing for in-memory data.
 */
abstract class ShuffledRowIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final int batchSize;
    private final Random random;
    private final int[] order;
    private int cursor;

    ShuffledRowIterator(int rows, int batchSize, long seed) {
        this.batchSize = Math.max(1, Math.min(batchSize, rows));
        this.random = new Random(seed);
        this.order = new int[rows];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        reset();
    }

    /** The batch of the rows {@code order[from] .. order[from + b - 1]}. */
    abstract DataSet gather(int[] order, int from, int b);

    /** Minibatches per epoch. */
    public int batchesPerEpoch() {
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
        DataSet batch = gather(order, cursor, b);
        cursor += b;
        return batch;
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
