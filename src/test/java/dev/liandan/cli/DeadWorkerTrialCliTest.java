package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 of a sweep: its trial's program, and what that started, stop too (no orphan keeps running). */
@Timeout(180)
class DeadWorkerTrialCliTest {
    @TempDir
    Path tmp;

    @Test
    void theProgramsOfAKilledSweepStop() throws Exception {
        Path space = tmp.resolve("orphans.yaml");
        Files.writeString(space, """
                study: orphans
                params:
                  x: {float: [0.0, 1.0]}
                objective: {metric: loss, direction: minimize}
                search: {sampler: random, trials: 2, seed: 1}
                trial:
                  command: [sh, -c, '(sleep 300 & echo $! > "$LIANDAN_ARTIFACT_DIR/orphan.pid"); echo $$ > "$LIANDAN_ARTIFACT_DIR/program.pid"; sleep 300']
                """);
        Path results = tmp.resolve("results");
        Process sweep = CliRunner.start(tmp.resolve("sweep.log"), "sweep", space.toString(), "--results", results.toString());
        Path trial = results.resolve("orphans/trials/0");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!(Files.isRegularFile(trial.resolve("program.pid")) && Files.size(trial.resolve("program.pid")) > 0)) {
            assertTrue(Instant.now().isBefore(deadline) && sweep.isAlive(), Files.readString(tmp.resolve("sweep.log")));
            Thread.sleep(100);
        }
        sweep.destroyForcibly().waitFor();
        awaitGone(trial.resolve("program.pid"));
        awaitGone(trial.resolve("orphan.pid"));
    }

    private static void awaitGone(Path file) throws Exception {
        long pid = Long.parseLong(Files.readString(file).strip());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive() || zombie(pid)) {
                return;
            }
            assertFalse(Instant.now().isAfter(deadline), "process " + pid + " (" + file.getFileName()
                    + ") still runs after its sweep was killed");
            Thread.sleep(200);
        }
    }

    private static boolean zombie(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return s.charAt(s.lastIndexOf(')') + 2) == 'Z';
        } catch (Exception e) {
            return false;
        }
    }
}
