package dev.liandan.train;

import dev.liandan.space.DataSpec;
import dev.liandan.space.SpaceError;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxDataTest {

    @TempDir
    Path tmp;

    static DataSpec mnist(List<String> classes) {
        return new DataSpec(Path.of("data/mnist10k-images-idx3-ubyte.gz"), "label", 0.2, 0.2, 3,
                DataSpec.Normalization.MINMAX, "idx", Path.of("data/mnist10k-labels-idx1-ubyte.gz"), classes);
    }

    @Test
    void readsTheShippedMnistSubset() {
        Dataset d = Datasets.read(mnist(List.of()));
        assertEquals(784, d.featureCount());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classNames());
        assertEquals(10000, d.train().size() + d.validation().size() + d.test().size());
        float[] x = d.train().features();
        float max = 0;
        for (float v : x) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max, 1e-6f, "minmax-normalised pixels");
    }

    @Test
    void keepsOnlyTheListedClasses() {
        Dataset d = Datasets.read(mnist(List.of("5", "6", "7", "8", "9")));
        assertEquals(List.of("5", "6", "7", "8", "9"), d.classNames());
        int n = d.train().size() + d.validation().size() + d.test().size();
        assertTrue(n > 4000 && n < 6000, "rows " + n);
        UserError e = assertThrows(UserError.class, () -> Datasets.read(mnist(List.of("5", "x"))));
        assertTrue(e.getMessage().contains("class 'x'"), e.getMessage());
    }

    @Test
    void aSmallIdxPairReadsExactlyAndAWrongMagicIsOneLine() throws Exception {
        Path img = tmp.resolve("i.idx");
        Path lab = tmp.resolve("l.idx");
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(img))) {
            o.writeInt(2051);
            o.writeInt(6);
            o.writeInt(1);
            o.writeInt(2);
            for (int i = 0; i < 12; i++) {
                o.writeByte(i * 20);
            }
        }
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(lab))) {
            o.writeInt(2049);
            o.writeInt(6);
            o.write(new byte[]{0, 1, 0, 1, 0, 1});
        }
        Datasets.Table t = IdxFiles.read(img, lab);
        assertEquals(6, t.size());
        assertEquals(List.of("px0", "px1"), t.featureNames);
        assertEquals(220.0, t.features[11], 0);
        assertEquals("1", t.labels.get(5));
        UserError e = assertThrows(UserError.class, () -> IdxFiles.read(lab, img));
        assertTrue(e.getMessage().startsWith("l.idx: not an IDX images file (magic 2049"), e.getMessage());
    }

    @Test
    void theDataSectionTakesFormatImagesLabelsAndClasses() throws Exception {
        Path space = tmp.resolve("m.yaml");
        String data = Path.of("data").toAbsolutePath().toString();
        Files.writeString(space, "study: m\ndata:\n  format: idx\n  images: " + data + "/mnist10k-images-idx3-ubyte.gz\n"
                + "  labels: " + data + "/mnist10k-labels-idx1-ubyte.gz\n  classes: [0, 1, 2]\n"
                + "objective:\n  metric: val_accuracy\n");
        StudySpec spec = SpaceFileParser.parse(space);
        assertEquals("idx", spec.data().format());
        assertEquals(List.of("0", "1", "2"), spec.data().classes());
        Files.writeString(space, "study: m\ndata:\n  format: idx\n  path: x.csv\n  images: a\n  labels: b\n"
                + "objective:\n  metric: val_accuracy\n");
        SpaceError e = assertThrows(SpaceError.class, () -> SpaceFileParser.parse(space));
        assertTrue(e.getMessage().contains(":4:3: data.path: not used with format: idx"), e.getMessage());
    }
}
