package dev.liandan.study;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each local worker process is given: its share of the cores, its GPU, the command line. */
class LocalWorkersTest {
    @TempDir
    Path dir;

    @Test
    void eachWorkerGetsItsShareOfTheCoresAndItsOwnGpuInTurn() throws Exception {
        LocalWorkers.Plan plan = new LocalWorkers.Plan(3, List.of("0", "1"), EnvPrinter.class.getName(),
                List.of("worker", "--study", "s"), dir.resolve("logs"));
        try (LocalWorkers w = LocalWorkers.start(plan)) {
            assertEquals(List.of(0, 0, 0), w.awaitExit(Duration.ofMinutes(2)));
        }
        int threads = LocalWorkers.threadsPerWorker(Runtime.getRuntime().availableProcessors(), 3);
        String[] gpus = {"0", "1", "0"};
        for (int i = 0; i < 3; i++) {
            List<String> lines = Files.readAllLines(dir.resolve("logs/worker-" + i + ".log"));
            assertEquals("OMP_NUM_THREADS=" + threads, lines.get(0));
            assertEquals("CUDA_VISIBLE_DEVICES=" + gpus[i], lines.get(1));
            assertEquals("args=worker --study s --exit-with " + ProcessHandle.current().pid(), lines.get(2));
        }
    }

    @Test
    void sharesOfCoresAreAtLeastOne() {
        assertEquals(2, LocalWorkers.threadsPerWorker(2, 1));
        assertEquals(1, LocalWorkers.threadsPerWorker(2, 2));
        assertEquals(1, LocalWorkers.threadsPerWorker(2, 4));
        assertEquals(4, LocalWorkers.threadsPerWorker(16, 4));
    }

    @Test
    void noWorkersOrAnEmptyGpuIdIsAUserError() {
        assertThrows(UserError.class, () -> new LocalWorkers.Plan(0, List.of(), "x", List.of(), dir));
        UserError e = assertThrows(UserError.class, () -> new LocalWorkers.Plan(2, List.of("0", " "), "x", List.of(), dir));
        assertTrue(e.getMessage().startsWith("--gpus:"), e.getMessage());
    }

    @Test
    void aWorkerJvmTakesItsParentsMemoryAndFlagsAndTheSerialCollectorUnlessTheParentChoseOne() {
        assertEquals(List.of("-Dx=1", "-Xmx1g", "-XX:+UseSerialGC"),
                LocalWorkers.jvmOptions(List.of("-Dx=1", "-agentlib:jdwp=transport=dt_socket")));
        assertEquals(List.of("-Xmx3g", "-XX:+UseParallelGC"), LocalWorkers.jvmOptions(List.of("-Xmx3g", "-XX:+UseParallelGC")));
        assertEquals(List.of("-XX:+UseG1GC", "-Xmx1g"), LocalWorkers.jvmOptions(List.of("-XX:+UseG1GC")));
    }
}
