package dev.liandan.train;

import dev.liandan.core.UserError;
import dev.liandan.space.DataSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped diabetes data read as a regression: splits, targets in their units, standardisation on train only. */
class RegressionDatasetsTest {
    @TempDir
    Path tmp;

    private static DataSpec diabetes(long seed) {
        return new DataSpec(Path.of("data/diabetes.csv"), "target", 0.2, 0.2, seed, DataSpec.Normalization.STANDARD,
                "csv", null, List.of(), null, DataSpec.Task.REGRESSION);
    }

    @Test
    void splitsPartitionTheRowsAndKeepTheTargetsUnits() throws Exception {
        RegressionData d = RegressionDatasets.read(diabetes(42));
        assertEquals(442 - 88 - 88, d.data().train().size());
        assertEquals(88, d.data().validation().size());
        assertEquals(88, d.data().test().size());
        Set<Integer> rows = new HashSet<>();
        for (String s : List.of("train", "validation", "test")) {
            Arrays.stream(d.data().split(s).rows()).forEach(rows::add);
        }
        assertEquals(IntStream.rangeClosed(1, 442).boxed().collect(java.util.stream.Collectors.toSet()), rows);
        assertEquals(10, d.data().featureCount());
        assertEquals(1, d.data().classCount(), "one output");

        // each split's target is the file's label of that row
        List<String> lines = Files.readAllLines(Path.of("data/diabetes.csv"));
        int[] valRows = d.data().validation().rows();
        double[] val = d.targets("validation");
        for (int i = 0; i < valRows.length; i++) {
            String[] cells = lines.get(valRows[i]).split(",");
            assertEquals(Double.parseDouble(cells[10]), val[i]);
        }

        // standardised on the training split only: mean 0 and std 1 there
        float[] z = d.standardisedTrainTargets();
        double mean = 0;
        for (float v : z) {
            mean += v;
        }
        mean /= z.length;
        double var = 0;
        for (float v : z) {
            var += (v - mean) * (v - mean);
        }
        assertEquals(0, mean, 1e-5);
        assertEquals(1, var / z.length, 1e-4);
        assertEquals(d.targets("train")[3], d.target().restore(z[3]), 1e-4);
    }

    @Test
    void theSplitSeedDecidesTheSplit() {
        RegressionData a = RegressionDatasets.read(diabetes(1));
        assertArrayEquals(a.data().test().rows(), RegressionDatasets.read(diabetes(1)).data().test().rows());
        assertTrue(!Arrays.equals(a.data().test().rows(), RegressionDatasets.read(diabetes(2)).data().test().rows()));
    }

    @Test
    void aTargetThatIsNoNumberNamesItsRow() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "x,y\n1,2.5\n2,3.5\n3,high\n4,1\n5,0\n");
        DataSpec spec = new DataSpec(csv, "y", 0.2, 0.2, 0, DataSpec.Normalization.STANDARD, "csv", null, List.of(),
                null, DataSpec.Task.REGRESSION);
        UserError e = assertThrows(UserError.class, () -> RegressionDatasets.read(spec));
        assertEquals("bad.csv: row 3, column 'y': 'high' is not a number", e.getMessage());
    }
}
