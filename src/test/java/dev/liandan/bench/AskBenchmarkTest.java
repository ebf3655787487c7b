package dev.liandan.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench ask's table: one row per sampler and history length (its figures are timings, so only their form is checked). */
class AskBenchmarkTest {

    @Test
    void oneRowPerSamplerAndHistoryLength() {
        BenchFunction f = BenchFunctions.mixed();
        List<AskBenchmark.Row> rows = List.of(
                AskBenchmark.run(f, SearchBenchmark.variant("tpe"), 30, 2, 1),
                AskBenchmark.run(f, SearchBenchmark.variant("tpe-mv"), 0, 2, 1));
        String md = AskBenchmark.markdown(f, rows);
        assertTrue(md.contains("| tpe | 30 | "), md);
        assertTrue(md.contains("| tpe-mv | 0 | "), md);
        assertEquals(4 + 2, md.lines().count(), md);
        rows.forEach(r -> assertTrue(Double.isFinite(r.cpuMs()) && Double.isFinite(r.wallMs())));
    }
}
