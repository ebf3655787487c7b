package example;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the MNIST IDX files (gzip) into one DataSet: pixels scaled to [0, 1], labels one-hot. */
final class Mnist {
    private Mnist() {
    }

    static DataSet read(Path images, Path labels, int rows) throws IOException {
        try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
            if (img.readInt() != 2051 || lab.readInt() != 2049) {
                throw new IOException("not MNIST IDX files: " + images + ", " + labels);
            }
            int n = Math.min(rows, Math.min(img.readInt(), lab.readInt()));
            int pixels = img.readInt() * img.readInt();
            float[][] x = new float[n][pixels];
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
            byte[] row = new byte[pixels];
            for (int i = 0; i < n; i++) {
                img.readFully(row);
                for (int p = 0; p < pixels; p++) {
                    x[i][p] = (row[p] & 0xff) / 255f;
                }
                y.putScalar(i, lab.readUnsignedByte(), 1f);
            }
            return new DataSet(Nd4j.create(x), y);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        return new DataInputStream(new GZIPInputStream(Files.newInputStream(p), 1 << 16));
    }
}
