package dev.liandan.train;

import dev.liandan.space.DataSpec;
import dev.liandan.space.DataSpec.Normalization;
import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetsTest {

    @TempDir
    Path tmp;

    private static DataSpec spec(Path path, double val, double test, long seed, Normalization norm) {
        return new DataSpec(path, "label", val, test, seed, norm);
    }

    /**
     * The one shuffle serves java.util.Random (data splits, minibatch order) and SplittableRandom
     * (bench ensemble's halvings): the orders below are what the loops each class had before gave,
     * so seeded splits and halvings stay what they were.
     */
    @Test
    void permutationsOfASeedAreThoseOfTheLoopsItReplaced() {
        assertArrayEquals(new int[]{0, 1, 6, 7, 3, 5, 10, 11, 9, 8, 4, 2}, Datasets.permutation(12, new Random(42)));
        SplittableRandom r = new SplittableRandom(42);
        assertArrayEquals(new int[]{10, 7, 0, 6, 4, 2, 9, 8, 3, 1, 5, 11}, Datasets.permutation(12, r));
        assertArrayEquals(new int[]{9, 2, 10, 1, 7, 8, 0, 11, 5, 6, 4, 3}, Datasets.permutation(12, r));
    }

    @Test
    void splitsHaveTheRequestedSizesAndAreDisjoint() {
        Dataset d = Datasets.read(Fixtures.digits());
        assertEquals(1797, d.train().size() + d.validation().size() + d.test().size());
        assertEquals(Math.round(1797 * 0.2), d.validation().size());
        assertEquals(Math.round(1797 * 0.2), d.test().size());
        Set<Integer> seen = new HashSet<>();
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            for (int r : s.rows()) {
                assertTrue(seen.add(r), "row " + r + " is in two splits");
            }
        }
        for (int r = 1; r <= 1797; r++) {
            assertTrue(seen.contains(r), "row " + r + " is in no split");
        }
        assertEquals(64, d.featureCount());
        assertEquals("f0", d.featureNames().get(0));
        assertEquals("f63", d.featureNames().get(63));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classNames());
    }

    @Test
    void splitsAreStratifiedPerClass() {
        Dataset iris = Datasets.read(Fixtures.iris());
        // 50 rows per class: exactly 10 of each in validation and in test.
        for (Split s : List.of(iris.validation(), iris.test())) {
            assertArrayEquals(new int[]{10, 10, 10}, classCounts(s));
        }
        assertArrayEquals(new int[]{30, 30, 30}, classCounts(iris.train()));

        Dataset digits = Datasets.read(Fixtures.digits());
        int[] all = new int[10];
        for (Split s : List.of(digits.train(), digits.validation(), digits.test())) {
            int[] c = classCounts(s);
            for (int k = 0; k < 10; k++) {
                all[k] += c[k];
            }
        }
        int[] val = classCounts(digits.validation());
        for (int k = 0; k < 10; k++) {
            assertTrue(Math.abs(val[k] - all[k] * 0.2) <= 1, "class " + k + ": " + val[k] + " of " + all[k]);
        }
    }

    @Test
    void theSplitSeedDecidesTheSplit() {
        Dataset a = Datasets.read(Fixtures.iris());
        Dataset b = Datasets.read(Fixtures.iris());
        assertArrayEquals(a.validation().rows(), b.validation().rows());
        assertArrayEquals(a.test().rows(), b.test().rows());
        Dataset c = Datasets.read(spec(Fixtures.IRIS, 0.2, 0.2, 8, Normalization.STANDARD));
        assertFalse(new HashSet<>(asList(a.validation().rows())).equals(new HashSet<>(asList(c.validation().rows()))));
        // Rows are shuffled, not kept in file order (the file is sorted by class).
        int[] rows = a.validation().rows();
        boolean sorted = true;
        for (int i = 1; i < rows.length; i++) {
            sorted &= rows[i] > rows[i - 1];
        }
        assertFalse(sorted);
    }

    @Test
    void standardisationIsFittedOnTheTrainingSplitOnly() throws IOException {
        Dataset d = Datasets.read(Fixtures.iris());
        Dataset raw = Datasets.read(spec(Fixtures.IRIS, 0.2, 0.2, 7, Normalization.NONE));
        // Same split whatever the normalisation.
        assertArrayEquals(d.train().rows(), raw.train().rows());

        int f = d.featureCount();
        double[] mean = columnMeans(raw.train());
        double[] sd = columnStd(raw.train(), mean);
        assertArrayEquals(mean, d.scaler().mean(), 1e-4);
        assertArrayEquals(sd, d.scaler().std(), 1e-4);
        // The train split is centred and scaled exactly; the others with the train statistics.
        assertArrayEquals(new double[f], columnMeans(d.train()), 1e-5);
        assertArrayEquals(new double[]{1, 1, 1, 1}, columnStd(d.train(), columnMeans(d.train())), 1e-4);
        float[] rawVal = raw.validation().features();
        float[] val = d.validation().features();
        for (int i = 0; i < val.length; i++) {
            int j = i % f;
            assertEquals((rawVal[i] - mean[j]) / sd[j], val[i], 1e-4);
        }
        // The statistics of all rows differ from those of the train rows.
        double[] allMean = new double[f];
        for (Split s : List.of(raw.train(), raw.validation(), raw.test())) {
            double[] m = columnMeans(s);
            for (int j = 0; j < f; j++) {
                allMean[j] += m[j] * s.size() / 150.0;
            }
        }
        double differs = 0;
        for (int j = 0; j < f; j++) {
            differs = Math.max(differs, Math.abs(allMean[j] - d.scaler().mean()[j]));
        }
        assertTrue(differs > 1e-3, "train statistics equal those of the whole file");
        // NONE keeps the raw values: the first row of the file is 5.1,3.5,1.4,0.2.
        int at = indexOfRow(raw, 1);
        Split holder = splitOfRow(raw, 1);
        assertArrayEquals(new float[]{5.1f, 3.5f, 1.4f, 0.2f},
                java.util.Arrays.copyOfRange(holder.features(), at * f, at * f + f), 1e-6f);
    }

    @Test
    void minMaxMapsTheTrainingSplitOntoTheUnitInterval() {
        Dataset d = Datasets.read(spec(Fixtures.DIGITS, 0.2, 0.2, 7, Normalization.MINMAX));
        float[] x = d.train().features();
        int f = d.featureCount();
        float[] lo = new float[f];
        float[] hi = new float[f];
        java.util.Arrays.fill(lo, Float.MAX_VALUE);
        java.util.Arrays.fill(hi, -Float.MAX_VALUE);
        for (int i = 0; i < x.length; i++) {
            lo[i % f] = Math.min(lo[i % f], x[i]);
            hi[i % f] = Math.max(hi[i % f], x[i]);
        }
        for (int j = 0; j < f; j++) {
            assertEquals(0f, lo[j], 1e-6f);
            // Constant features (digits has pixels that are always 0) stay at 0.
            double range = d.scaler().max()[j] - d.scaler().min()[j];
            assertEquals(range > 0 ? 1f : 0f, hi[j], 1e-6f, "feature " + j);
        }
    }

    @Test
    void aNonNumericCellNamesItsRowAndColumn() throws IOException {
        StringBuilder sb = new StringBuilder("f0,f1,f2,f3,label\n");
        for (int r = 1; r <= 20; r++) {
            sb.append(r).append(",1,2,").append(r == 17 ? "abc" : "3").append(',').append(r % 2).append('\n');
        }
        Path file = tmp.resolve("digits.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        UserError e = assertThrows(UserError.class, () -> Datasets.read(spec(file, 0.2, 0.2, 1, Normalization.NONE)));
        assertEquals("digits.csv.gz: row 17, column 'f3': 'abc' is not a number", e.getMessage());
    }

    @Test
    void aMissingValueOrLabelIsAUserError() throws IOException {
        Path file = write("a.csv", "x,y,label\n1,2,a\n3,,b\n");
        assertEquals("a.csv: row 2, column 'y': missing value",
                assertThrows(UserError.class, () -> Datasets.read(spec(file, 0.2, 0, 1, Normalization.NONE))).getMessage());
        Path file2 = write("b.csv", "x,label,y\n1,a,2\n3,b,4\n5, ,6\n");
        assertEquals("b.csv: row 3, column 'label': missing label",
                assertThrows(UserError.class, () -> Datasets.read(spec(file2, 0.2, 0, 1, Normalization.NONE))).getMessage());
        Path file3 = write("c.csv", "x,y\n1,2\n");
        assertTrue(assertThrows(UserError.class, () -> Datasets.read(spec(file3, 0.2, 0, 1, Normalization.NONE)))
                .getMessage().startsWith("c.csv: no label column 'label'"));
        Path file4 = write("d.csv", "x,y,label\n1,2,a\n3,4\n");
        assertEquals("d.csv: row 2 has 2 cells, the header has 3 columns",
                assertThrows(UserError.class, () -> Datasets.read(spec(file4, 0.2, 0, 1, Normalization.NONE))).getMessage());
        assertThrows(UserError.class, () -> Datasets.read(spec(tmp.resolve("none.csv"), 0.2, 0, 1, Normalization.NONE)));
        assertThrows(UserError.class, () -> Datasets.read(spec(Fixtures.IRIS, 0.6, 0.4, 1, Normalization.NONE)));
    }

    @Test
    void stringLabelsAreSortedAndNumericLabelsOrderedByValue() throws IOException {
        StringBuilder sb = new StringBuilder("label,x\n");
        String[] names = {"virginica", "setosa", "versicolor"};
        for (int r = 0; r < 30; r++) {
            sb.append(names[r % 3]).append(',').append(r).append('\n');
        }
        Dataset d = Datasets.read(spec(write("s.csv", sb.toString()), 0.2, 0.2, 3, Normalization.NONE));
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertEquals(List.of("x"), d.featureNames());
        // x = r, and r % 3 gives the name: check that every row kept its own label.
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            float[] x = s.features();
            for (int i = 0; i < s.size(); i++) {
                String name = names[(int) x[i] % 3];
                assertEquals(name, d.classNames().get(s.label(i)));
                assertEquals((int) x[i] + 1, s.row(i));
            }
        }

        StringBuilder nums = new StringBuilder("x,label\n");
        String[] labels = {"10", "9", "2", "2.0"};
        for (int r = 0; r < 40; r++) {
            nums.append(r).append(',').append(labels[r % 4]).append('\n');
        }
        Dataset n = Datasets.read(spec(write("n.csv", nums.toString()), 0.25, 0, 3, Normalization.NONE));
        assertEquals(List.of("2", "9", "10"), n.classNames());
    }

    @Test
    void quotedCellsAndAByteOrderMarkAreRead() throws IOException {
        Path file = write("q.csv", "\uFEFF\"x\",label\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,c\n4,c\n5,c\n");
        Dataset d = Datasets.read(spec(file, 0.2, 0, 1, Normalization.NONE));
        assertEquals(List.of("x"), d.featureNames());
        assertEquals(List.of("a, b", "c", "say \"hi\""), d.classNames());
    }

    @Test
    void loadCachesPerSpec() {
        Dataset a = Datasets.load(Fixtures.iris());
        Dataset b = Datasets.load(new DataSpec(Fixtures.IRIS.toAbsolutePath(), "label", 0.2, 0.2, 7,
                Normalization.STANDARD));
        assertSame(a, b);
        // Handing out copies: changing one leaves the shared data alone.
        a.train().features()[0] = 1e9f;
        assertNotEquals(1e9f, b.train().features()[0]);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static int[] classCounts(Split s) {
        int[] c = new int[s.classCount()];
        for (int y : s.labels()) {
            c[y]++;
        }
        return c;
    }

    private static double[] columnMeans(Split s) {
        int f = s.featureCount();
        double[] m = new double[f];
        float[] x = s.features();
        for (int i = 0; i < x.length; i++) {
            m[i % f] += x[i];
        }
        for (int j = 0; j < f; j++) {
            m[j] /= s.size();
        }
        return m;
    }

    private static double[] columnStd(Split s, double[] mean) {
        int f = s.featureCount();
        double[] v = new double[f];
        float[] x = s.features();
        for (int i = 0; i < x.length; i++) {
            double dlt = x[i] - mean[i % f];
            v[i % f] += dlt * dlt;
        }
        for (int j = 0; j < f; j++) {
            v[j] = Math.sqrt(v[j] / s.size());
        }
        return v;
    }

    private static List<Integer> asList(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    private static Split splitOfRow(Dataset d, int row) {
        for (Split s : List.of(d.train(), d.validation(), d.test())) {
            if (asList(s.rows()).contains(row)) {
                return s;
            }
        }
        throw new AssertionError("row " + row);
    }

    private static int indexOfRow(Dataset d, int row) {
        return asList(splitOfRow(d, row).rows()).indexOf(row);
    }
}
