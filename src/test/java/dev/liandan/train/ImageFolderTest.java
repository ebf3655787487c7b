package dev.liandan.train;

import dev.liandan.core.TrialState;
import dev.liandan.space.DataSpec;
import dev.liandan.space.SpaceError;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.study.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code data: {format: images}}: a folder of class sub-folders of PNG/JPEG files. */
class ImageFolderTest {

    @TempDir
    Path tmp;

    static final int ROWS = 300;

    /** The first {@code n} rows of the shipped MNIST IDX file, raw (pixels 0..255). */
    static Datasets.Table mnistRows() {
        return IdxFiles.read(Path.of("data/mnist10k-images-idx3-ubyte.gz"), Path.of("data/mnist10k-labels-idx1-ubyte.gz"));
    }

    /**
     * Writes rows {@code 0..n-1} of {@code t} as 28x28 grey PNGs {@code <label>/<index, 5 digits>.png}
     * under {@code dir}: the same layout as the shipped {@code data/mnist-png}.
     */
    static void writePngs(Datasets.Table t, int n, Path dir) throws Exception {
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, (int) t.features[i * 784 + p]);
            }
            Path f = dir.resolve(t.labels.get(i)).resolve(String.format("%05d.png", i));
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
    }

    static DataSpec images(Path dir, DataSpec.Normalization norm, int channels, int side) {
        return new DataSpec(dir, "label", 0.2, 0.2, 3, norm, "images", null, List.of(),
                new DataSpec.Image(channels, side, side));
    }

    @Test
    void pngsWrittenFromIdxRowsReadBackAsThoseRows() throws Exception {
        Datasets.Table idx = mnistRows();
        writePngs(idx, ROWS, tmp);
        Datasets.Table t = ImageFolders.read(tmp, new DataSpec.Image(1, 28, 28));
        assertEquals(ROWS, t.size());
        assertEquals(784, t.featureNames.size());
        // rows in (class folder, file name) order: recover each row's IDX index from that order
        List<Integer> order = idxOrder(idx);
        for (int k = 0; k < ROWS; k++) {
            int i = order.get(k);
            assertEquals(idx.labels.get(i), t.labels.get(k));
            for (int p = 0; p < 784; p++) {
                assertEquals(idx.features[i * 784 + p], t.features[k * 784 + p], 0, "row " + k + " pixel " + p);
            }
        }

        // the whole loader: the same split sizes, class names and, per row, the IDX pixels / 255
        Dataset d = Datasets.read(images(tmp, DataSpec.Normalization.PIXELS, 1, 28));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classNames());
        assertEquals(ROWS, d.train().size() + d.validation().size() + d.test().size());
        assertEquals(60, d.validation().size());
        assertEquals(new DataSpec.Image(1, 28, 28), d.image());
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            float[] x = s.features();
            for (int r = 0; r < s.size(); r++) {
                int i = order.get(s.row(r) - 1);
                assertEquals(idx.labels.get(i), d.classNames().get(s.label(r)));
                for (int p = 0; p < 784; p += 7) {
                    assertEquals((float) (idx.features[i * 784 + p] / 255), x[r * 784 + p], 0);
                }
            }
        }
    }

    /** IDX row indices 0..ROWS-1 sorted as the folder reader lists them: by label text, then index. */
    private static List<Integer> idxOrder(Datasets.Table idx) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            order.add(i);
        }
        order.sort((a, b) -> {
            int c = idx.labels.get(a).compareTo(idx.labels.get(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        return order;
    }

    @Test
    void colourImagesGiveRgbPlanesOrTheirLumaAndAreResizedBilinearly() throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x0080FF);
        double[] rgb = new double[6];
        ImageFolders.pixels(img, 3, 1, 2, rgb, 0);
        assertArrayEquals(new double[]{255, 0, 0, 128, 0, 255}, rgb, 0);
        double[] grey = new double[2];
        ImageFolders.pixels(img, 1, 1, 2, grey, 0);
        assertArrayEquals(new double[]{0.299 * 255, 0.587 * 128 + 0.114 * 255}, grey, 1e-9);
        // 2 -> 4 pixels wide: the ends keep their values, the inside interpolates
        double[] wide = new double[4];
        ImageFolders.pixels(img, 1, 1, 4, wide, 0);
        assertEquals(grey[0], wide[0], 1e-9);
        assertEquals(0.75 * grey[0] + 0.25 * grey[1], wide[1], 1e-9);
        assertEquals(grey[1], wide[3], 1e-9);
    }

    @Test
    void aTinyCnnTrainsOnAnImageFolder() throws Exception {
        writePngs(mnistRows(), ROWS, tmp.resolve("png"));
        // read as 3-channel 14x14 images: the CNN takes the folder's shape, and augmentation works on it
        StudySpec spec = Fixtures.study(images(tmp.resolve("png"), DataSpec.Normalization.PIXELS, 3, 14));
        TrialOutcome out = new Dl4jBackend().run(Fixtures.request(spec, Fixtures.params("type", "cnn",
                "conv_layers", 1L, "filters", 4L, "hidden_layers", 0L, "epochs", 2L, "batch_size", 8L, "lr", 0.01,
                "augment_shift", 1L), 5, tmp.resolve("trial"), null));
        assertEquals(TrialState.COMPLETE, out.state());
        assertEquals(2, out.epochs());
        // 10 classes: chance is 0.1
        assertTrue(out.value() > 0.3, "val_accuracy " + out.value());
    }

    @Test
    void anUnreadableImageNamesItsFile() throws Exception {
        writePngs(mnistRows(), 20, tmp);
        Path bad = tmp.resolve("3").resolve("broken.png");
        Files.writeString(bad, "not a png");
        UserError e = assertThrows(UserError.class, () -> Datasets.read(images(tmp, DataSpec.Normalization.PIXELS, 1, 28)));
        assertEquals(bad + ": not a PNG or JPEG image that javax.imageio can read", e.getMessage());
    }

    @Test
    void theDataSectionChecksTheFolderWhereItIsWritten() throws Exception {
        Path space = tmp.resolve("s.yaml");
        String head = "study: s\nobjective:\n  metric: val_accuracy\ndata:\n  format: images\n";
        Files.writeString(space, head + "  path: nowhere\n  height: 28\n  width: 28\n");
        SpaceError e = assertThrows(SpaceError.class, () -> SpaceFileParser.parse(space));
        assertTrue(e.getMessage().contains("s.yaml:6:9: image folder not found: "), e.getMessage());

        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(space, head + "  path: empty\n  height: 28\n  width: 28\n");
        e = assertThrows(SpaceError.class, () -> SpaceFileParser.parse(space));
        assertTrue(e.getMessage().contains("s.yaml:6:9: data.path: ") && e.getMessage().endsWith(
                " has 0 class sub-folder(s): expected one folder of images per class, at least two classes"), e.getMessage());

        Files.createDirectories(tmp.resolve("empty/a"));
        Files.writeString(space, head + "  path: empty\n  height: 28\n  width: 28\n");
        e = assertThrows(SpaceError.class, () -> SpaceFileParser.parse(space));
        assertTrue(e.getMessage().contains(" has 1 class sub-folder(s)"), "one class is no classification: " + e.getMessage());
        Files.createDirectories(tmp.resolve("empty/b"));
        Files.writeString(space, head + "  path: empty\n  height: 28\n  width: 28\n  channels: 2\n");
        e = assertThrows(SpaceError.class, () -> SpaceFileParser.parse(space));
        assertTrue(e.getMessage().contains("s.yaml:9:13: data.channels: expected 1 (grey) or 3 (RGB), got 2"),
                e.getMessage());

        Files.writeString(space, head + "  path: empty\n  width: 28\n");
        e = assertThrows(SpaceError.class, () -> SpaceFileParser.parse(space));
        assertTrue(e.getMessage().contains("height"), e.getMessage());

        Files.writeString(space, head + "  path: empty\n  height: 20\n  width: 28\n  channels: 3\n  normalize: pixels\n");
        StudySpec spec = SpaceFileParser.parse(space);
        assertEquals(new DataSpec.Image(3, 20, 28), spec.data().image());
        assertEquals(DataSpec.Normalization.PIXELS, spec.data().normalize());
    }
}
