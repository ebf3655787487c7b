package dev.liandan.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One part of a data set (train, validation or test): normalised features and class indices, in
 * split order (the order of the seeded shuffle, which every trial sees the same way).
 *
 * <p>Shared read-only by every trial in the JVM: the accessors hand out copies, and the
 * matrices are built fresh on each call, so no trial can change what another one sees.
 *
 * @param name         "train", "validation" or "test"
 * @param rows         each row's number in the CSV file (1 = the first row after the header)
 * @param features     {@code size() * featureCount} normalised floats, row-major
 * @param labels       each row's class index into {@link Dataset#classNames()}
 * @param featureCount features per row
 * @param classCount   number of classes of the whole data set (not just of this split)
 */
public record Split(String name, int[] rows, float[] features, int[] labels, int featureCount, int classCount) {

    public Split {
        if (rows.length != labels.length || features.length != (long) rows.length * featureCount) {
            throw new IllegalArgumentException("inconsistent split sizes");
        }
    }

    public int size() {
        return rows.length;
    }

    /** The CSV row number of the {@code i}-th row of this split. */
    public int row(int i) {
        return rows[i];
    }

    /** The class index of the {@code i}-th row. */
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    @Override
    public float[] features() {
        return features.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The internal arrays, for this package only: never written to. */
    float[] featureBuffer() {
        return features;
    }

    int[] labelBuffer() {
        return labels;
    }

    /** A new {@code [size, featureCount]} float matrix. */
    public INDArray featureMatrix() {
        return Nd4j.create(features.clone(), new long[]{size(), featureCount}, 'c');
    }

    /** A new {@code [size, classCount]} one-hot float matrix. */
    public INDArray labelMatrix() {
        return Nd4j.create(oneHot(labels, 0, labels.length, classCount), new long[]{size(), classCount}, 'c');
    }

    static float[] oneHot(int[] labels, int from, int to, int classCount) {
        float[] out = new float[(to - from) * classCount];
        for (int i = from; i < to; i++) {
            out[(i - from) * classCount + labels[i]] = 1f;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "Split[" + name + ", " + size() + " rows]";
    }
}
