package dev.liandan.bench;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchFunctionsTest {

    @Test
    void knownMinimaAtTheirMinimisers() {
        BenchFunction branin = BenchFunctions.branin();
        for (double[] x : new double[][]{{-Math.PI, 12.275}, {Math.PI, 2.275}, {9.42478, 2.475}}) {
            assertEquals(0.397887, branin.value(Map.of("x1", x[0], "x2", x[1])), 1e-5);
        }
        double[] h = {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573};
        assertEquals(-3.32237, BenchFunctions.hartmann6(h), 1e-5);
        assertEquals(-3.32237, BenchFunctions.hartmann6().minimum());
        assertEquals(0.0, BenchFunctions.rosenbrock4().value(Map.of("x1", 1.0, "x2", 1.0, "x3", 1.0, "x4", 1.0)));
        assertEquals(3.0, BenchFunctions.rosenbrock(new double[]{0, 0, 0, 0}));
        BenchFunction mixed = BenchFunctions.mixed();
        assertEquals(0.0, mixed.value(Map.of("lr", 1e-3, "batch", 128L, "optimizer", "adam", "dropout", 0.3,
                "weight_decay", 1e-4)), 1e-12);
        // sgd at its own best learning rate for batch 512 pays c(sgd) and the batch term
        assertEquals(0.05 + 0.02 * 2, BenchFunctions.mixed(5e-2 * 4, 512, "sgd", 0.3, 1e-4), 1e-12);
    }

    @Test
    void minimaAreTheLowestValuesOnAGrid() {
        // no grid point of Branin's domain goes below its minimum
        double lowest = Double.POSITIVE_INFINITY;
        for (double a = -5; a <= 10; a += 0.05) {
            for (double b = 0; b <= 15; b += 0.05) {
                lowest = Math.min(lowest, BenchFunctions.branin(a, b));
            }
        }
        assertTrue(lowest >= 0.397887 - 1e-6 && lowest < 0.4, "lowest " + lowest);
    }

    @Test
    void aSmokeRunThroughTheWorkerLoop() {
        List<SearchBenchmark.Cell> cells = SearchBenchmark.run(List.of(BenchFunctions.branin(), BenchFunctions.mixed()),
                SearchBenchmark.VARIANTS, 1, 12, 2);
        assertEquals(2 * SearchBenchmark.VARIANTS.size(), cells.size());
        for (SearchBenchmark.Cell c : cells) {
            assertTrue(c.median() >= c.function().minimum() - 1e-9, c.variant().label() + " " + c.median());
        }
        String table = SearchBenchmark.markdown(cells, 1, 12);
        assertTrue(table.contains("| branin (0.3979) |"), table);
        assertEquals(SearchBenchmark.run(BenchFunctions.branin(), SearchBenchmark.variant("tpe"), 0, 12),
                cells.stream().filter(c -> c.function().name().equals("branin") && c.variant().label().equals("tpe"))
                        .findFirst().orElseThrow().bests()[0], "a study is reproducible from its seed");
        OverheadBenchmark.Run run = OverheadBenchmark.run(OverheadBenchmark.Store.SQLITE, SearchBenchmark.variant("tpe"), 15, 1);
        assertEquals(15, run.perTrialMs().length);
        assertTrue(OverheadBenchmark.markdown(List.of(run)).contains("| sqlite | tpe | 15 |"));
        OverheadBenchmark.Run api = OverheadBenchmark.runApi(OverheadBenchmark.Store.SQLITE, SearchBenchmark.variant("tpe"), 15, 1);
        assertEquals(15, api.perTrialMs().length);
        assertTrue(OverheadBenchmark.markdown(List.of(run, api)).contains("| sqlite | tpe via api | 15 |"));
        assertTrue(OverheadBenchmark.ratios(List.of(run, api)).contains("| sqlite | tpe | "),
                OverheadBenchmark.ratios(List.of(run, api)));
    }

    @Test
    void unknownNamesAreUserErrors() {
        assertEquals("unknown bench function 'brannin': expected one of branin, hartmann6, rosenbrock4, mixed",
                assertThrows(UserError.class, () -> BenchFunctions.byName("brannin")).getMessage());
        assertThrows(UserError.class, () -> SearchBenchmark.variant("tpe-multi"));
    }
}
