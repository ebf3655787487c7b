package dev.liandan.cli;

import dev.liandan.core.TrialState;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.LostTrials;
import dev.liandan.study.StudyBudget;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A disk that fills in the middle of a sweep: one line, exit code 2, the trial it cut short recorded
 * as interrupted and re-run by the next start, nothing finished lost. The full disk is Linux's
 * {@code /dev/full} (every write fails with ENOSPC), reached through the trial's params file.
 */
class DiskFullCliTest {
    @TempDir
    Path tmp;

    @Test
    void aFullDiskIsOneLineAndTheNextStartGoesOn() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full) && Files.isWritable(full), "needs Linux's /dev/full");
        Path space = tmp.resolve("full.yaml");
        Files.writeString(space, """
                study: full
                params:
                  x: {float: [0.0, 1.0]}
                objective: {metric: loss, direction: minimize}
                search: {sampler: random, trials: 3, seed: 2}
                trial:
                  command: [sh, -c, "echo liandan: final loss={x}"]
                """);
        Path results = tmp.resolve("results");
        // trial 1's params file is where the disk is full
        Path trial1 = Files.createDirectories(results.resolve("full/trials/1"));
        Files.createSymbolicLink(trial1.resolve("params.json"), full);

        CliRunner.Result first = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(2, first.exitCode(), first.out() + first.err());
        assertEquals(1, first.err().strip().lines().count(), first.err());
        assertTrue(first.err().startsWith("liandan: the disk is full (") && first.err().contains("No space left on device"),
                first.err());
        Path db = results.resolve("full/study.db");
        try (StudyStorage s = JdbcStorage.sqlite(db)) {
            List<Trial> trials = s.trials("full");
            assertEquals(1, trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count(), trials.toString());
            assertTrue(LostTrials.isInterrupted(trials.get(1)), "recorded like an interrupted trial: " + trials);
        }

        Files.delete(trial1.resolve("params.json"));
        CliRunner.Result again = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, again.exitCode(), again.err());
        try (StudyStorage s = JdbcStorage.sqlite(db)) {
            List<Trial> trials = s.trials("full");
            assertEquals(3, StudyBudget.counted(trials), trials.toString());
            assertEquals(3, trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count(), trials.toString());
            assertTrue(trials.stream().anyMatch(t -> Integer.valueOf(1).equals(t.retryOf())
                    && t.state() == TrialState.COMPLETE && t.params().equals(trials.get(1).params())), trials.toString());
        }
    }
}
