package dev.liandan.bench;

import dev.liandan.space.PrunerSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LcbenchBenchTest {

    @Test
    void aSimulatedSearchIsReproducibleAndMeasuresRegret() {
        try (LcbenchSurrogate s = LcbenchSurrogate.open(LcbenchSurrogateTest.dir())) {
            LcbenchBench.Reference ref = LcbenchBench.reference(s, "3945");
            assertTrue(ref.best() > ref.median(), ref.toString());
            assertTrue(ref.fullTime() > 0, ref.toString());
            LcbenchBench.Method asha = LcbenchBench.Method.of("random+asha", "random",
                    PrunerSpec.of("asha", "min_resource", 1L, "reduction_factor", 3L));
            for (int workers : new int[]{1, 4}) {
                long t0 = System.nanoTime();
                LcbenchBench.Run a = LcbenchBench.run(s, ref, asha, 1, workers, 10);
                LcbenchBench.Run b = LcbenchBench.run(s, ref, asha, 1, workers, 10);
                System.out.printf("%s W=%d trials=%d pruned=%d epochs=%d regret=%.3f %.2fs%n", ref, workers, a.trials(),
                        a.pruned(), a.epochs(), a.regretAt(10), (System.nanoTime() - t0) / 2e9);
                assertEquals(a.curve(), b.curve(), "the same seed gives the same search");
                assertEquals(a.trials(), b.trials());
                assertTrue(a.pruned() > 0 && a.pruned() < a.trials(), "ASHA stops some trials, not all");
                double r = a.regretAt(10);
                assertTrue(r >= 0 && r < 1, "random + ASHA beats the median random configuration: " + r);
                assertTrue(a.regretAt(1) >= a.regretAt(10), "regret never rises with budget");
            }
        }
    }
}
