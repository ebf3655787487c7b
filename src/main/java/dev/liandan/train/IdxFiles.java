package dev.liandan.train;

import dev.liandan.core.UserError;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/): big-endian,
 * an images file with magic 2051 ({@code 0x00000803}: unsigned bytes, 3 dimensions), the count,
 * rows and columns, then the pixels row-major; a labels file with magic 2049, the count and one
 * byte per label. Plain or gzipped ({@code .gz}). Pixels become features {@code px0..px(r*c-1)},
 * row-major, 0..255 before normalisation; labels their decimal text; row {@code k} is image
 * {@code k} (from 1).
 */
final class IdxFiles {
    private IdxFiles() {
    }

    static Datasets.Table read(Path images, Path labels) {
        String file = Datasets.fileName(images);
        try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
            int magic = img.readInt();
            if (magic != 2051) {
                throw new UserError(file + ": not an IDX images file (magic " + magic + ", expected 2051)");
            }
            int n = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            int labelMagic = lab.readInt();
            if (labelMagic != 2049) {
                throw new UserError(Datasets.fileName(labels) + ": not an IDX labels file (magic " + labelMagic
                        + ", expected 2049)");
            }
            int m = lab.readInt();
            if (m != n || n <= 0 || rows <= 0 || cols <= 0 || (long) rows * cols * n > Integer.MAX_VALUE) {
                throw new UserError(file + ": " + n + " images of " + rows + "x" + cols + " against " + m + " labels");
            }
            int d = rows * cols;
            byte[] pixels = new byte[n * d];
            img.readFully(pixels);
            byte[] y = new byte[n];
            lab.readFully(y);
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = pixels[i] & 0xff;
            }
            List<String> names = new ArrayList<>(d);
            for (int j = 0; j < d; j++) {
                names.add("px" + j);
            }
            List<String> text = new ArrayList<>(n);
            int[] rowNumbers = new int[n];
            for (int i = 0; i < n; i++) {
                text.add(Integer.toString(y[i] & 0xff));
                rowNumbers[i] = i + 1;
            }
            return new Datasets.Table(file, names, x, text, rowNumbers);
        } catch (NoSuchFileException e) {
            throw new UserError(e.getFile() + ": no such data file", e);
        } catch (EOFException e) {
            throw new UserError(file + ": the IDX file ends early", e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return new DataInputStream(p.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }
}
