package dev.liandan.ensemble;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bundles stay loadable: a bundle written by this version (2 tiny iris models, kept in the test
 * resources; {@link FixtureBundleWriter} wrote it) loads and predicts what it predicted when written.
 */
class FixtureBundleTest {
    static final Path BUNDLE = FixtureBundleWriter.FIXTURE.resolve("bundle");

    @Test
    void fixtureBundleLoadsAndPredictsAsWhenWritten() throws Exception {
        List<String> lines = Files.readAllLines(FixtureBundleWriter.FIXTURE.resolve("expected.csv"));
        int n = lines.size() - 1;
        double[][] rows = new double[n][4];
        String[] labels = new String[n];
        double[][] proba = new double[n][3];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            for (int j = 0; j < 4; j++) {
                rows[i][j] = Double.parseDouble(cells[j]);
            }
            labels[i] = cells[4];
            for (int c = 0; c < 3; c++) {
                proba[i][c] = Double.parseDouble(cells[5 + c]);
            }
        }
        try (Ensemble e = Ensemble.load(BUNDLE)) {
            assertEquals(Manifest.FORMAT, e.manifest().format());
            assertEquals("soft_vote", e.manifest().method());
            assertEquals(2, e.manifest().members().size());
            assertEquals(List.of("0", "1", "2"), e.labels());
            assertArrayEquals(labels, e.predict(rows));
            double[][] got = e.predictProba(rows);
            for (int i = 0; i < n; i++) {
                // float networks: equal up to the last bits a different CPU's BLAS may change
                assertArrayEquals(proba[i], got[i], 1e-6, "row " + i);
            }
        }
    }
}
