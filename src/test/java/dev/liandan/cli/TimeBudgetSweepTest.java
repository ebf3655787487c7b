package dev.liandan.cli;

import dev.liandan.study.StudyBudget;
import dev.liandan.core.TrialState;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `liandan sweep --time-budget` with cheap command trials (a python3 quadratic), through the CLI. */
@Timeout(300)
class TimeBudgetSweepTest {
    @TempDir
    Path tmp;

    private Path space() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/command/trial.py")) {
            Files.write(tmp.resolve("trial.py"), in.readAllBytes());
        }
        Path file = tmp.resolve("quad.yaml");
        Files.writeString(file, """
                study: quad
                params:
                  x: {float: [-1.0, 1.0]}
                  y: {float: [-1.0, 1.0]}
                objective: {metric: loss, direction: minimize}
                search: {sampler: random, trials: 5000, seed: 3}
                trial:
                  command: [python3, trial.py, quadratic, "{x}"]
                  timeout: 120
                """);
        return file;
    }

    @Test
    void theSweepStopsStartingTrialsOnceTheTimeBudgetHasPassed() throws Exception {
        Path space = space();
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString(),
                "--time-budget", "3s");
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        assertTrue(sweep.out().contains("The time budget of 3s has passed: no new trial was started after it."), sweep.out());
        try (StudyStorage s = JdbcStorage.sqlite(results.resolve("quad/study.db"))) {
            List<Trial> trials = s.trials("quad");
            assertFalse(trials.isEmpty());
            assertTrue(trials.size() < 5000);
            Instant end = StudyBudget.firstStart(trials).plusSeconds(3);
            for (Trial t : trials) {
                assertEquals(TrialState.COMPLETE, t.state(), t.failReason());
                assertTrue(t.startedAt().isBefore(end), "trial " + t.number() + " started after the budget");
            }
            assertTrue(sweep.out().contains(trials.size() + " of 5000 trials finished"), sweep.out());
        }
        // resumed: the stored first start still holds, so nothing more starts
        CliRunner.Result again = CliRunner.run("sweep", space.toString(), "--results", results.toString(),
                "--time-budget", "3s");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("The time budget of 3s has passed"), again.out());
    }

    @Test
    void aMalformedTimeBudgetIsOneLineAndExitCode2() throws Exception {
        CliRunner.Result bad = CliRunner.run("sweep", space().toString(), "--results", tmp.resolve("r").toString(),
                "--time-budget", "30 parsecs");
        assertEquals(2, bad.exitCode(), bad.err());
        assertEquals("liandan: --time-budget: expected seconds (e.g. 600) or a duration such as 90s, 30m, 2h or 1h30m, got '30 parsecs'",
                bad.err().strip());
    }
}
