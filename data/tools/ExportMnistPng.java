import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Writes the first N images of the shipped MNIST 10k IDX files as 28x28 8-bit grey PNGs, one
 * sub-folder per digit: OUT/<label>/<index, 5 digits>.png (index from 0, in file order). A JDK-only
 * single-file program; from the project's root:
 *
 *   java data/tools/ExportMnistPng.java data/mnist10k-images-idx3-ubyte.gz data/mnist10k-labels-idx1-ubyte.gz 500 data/mnist-png
 *
 * makes the shipped data/mnist-png (its pixels are the IDX bytes exactly; ImageFolderTest checks
 * the same export against the IDX loader).
 */
public class ExportMnistPng {
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: java ExportMnistPng.java IMAGES.gz LABELS.gz N OUT_DIR");
            System.exit(2);
        }
        int n = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        try (DataInputStream img = open(args[0]); DataInputStream lab = open(args[1])) {
            if (img.readInt() != 2051 || lab.readInt() != 2049) {
                throw new IOException("not an IDX images / labels pair");
            }
            int count = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            lab.readInt();
            n = Math.min(n, count);
            byte[] pixels = new byte[rows * cols];
            for (int i = 0; i < n; i++) {
                img.readFully(pixels);
                int label = lab.readUnsignedByte();
                BufferedImage b = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
                for (int p = 0; p < pixels.length; p++) {
                    b.getRaster().setSample(p % cols, p / cols, 0, pixels[p] & 0xff);
                }
                Path f = out.resolve(Integer.toString(label)).resolve(String.format("%05d.png", i));
                Files.createDirectories(f.getParent());
                ImageIO.write(b, "png", f.toFile());
            }
        }
        System.out.println(n + " images written under " + out);
    }

    private static DataInputStream open(String file) throws IOException {
        return new DataInputStream(new GZIPInputStream(new BufferedInputStream(Files.newInputStream(Path.of(file)))));
    }
}
