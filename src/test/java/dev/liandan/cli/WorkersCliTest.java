package dev.liandan.cli;

import dev.liandan.core.TrialState;
import dev.liandan.storage.PostgresTestDb;
import dev.liandan.storage.Storages;
import dev.liandan.study.LostTrials;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands of many workers, as a user meets them: PostgreSQL studies, Ctrl-C, mistakes. */
class WorkersCliTest {
    @TempDir
    Path tmp;

    @Test
    void aPostgresStudyIsSweptResumedByAWorkerAndRankedFromAnywhere() throws Exception {
        String schema = PostgresTestDb.createSchema();
        try {
            String url = PostgresTestDb.url(schema);
            Path space = CliRunner.space(tmp, "iris-cheap.yaml", 1, 2);
            CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--storage", url,
                    "--results", tmp.resolve("a").toString());
            assertEquals(0, sweep.exitCode(), sweep.err());
            assertTrue(sweep.out().contains("2 of 2 trials finished"), sweep.out());
            // another "host": nothing but the storage, a larger budget for everyone
            CliRunner.Result worker = CliRunner.run("worker", "--storage", url, "--study", "iris-cheap",
                    "--results", tmp.resolve("b").toString(), "--trials", "3");
            assertEquals(0, worker.exitCode(), worker.err());
            assertTrue(worker.out().contains("ran 1 trials; study 'iris-cheap': 3 of 3 trials finished"), worker.out());
            assertTrue(Files.isDirectory(tmp.resolve("b/iris-cheap/trials/2")), "artifacts under this host's --results");
            CliRunner.Result again = CliRunner.run("worker", "--storage", url, "--study", "iris-cheap",
                    "--results", tmp.resolve("b").toString());
            assertTrue(again.out().contains("ran 0 trials"), "the budget of 3 now holds for all: " + again.out());
            CliRunner.Result board = CliRunner.run("leaderboard", "--study", "iris-cheap", "--storage", url, "--format", "csv");
            assertEquals(0, board.exitCode(), board.err());
            assertEquals(4, board.out().strip().lines().count(), board.out());
        } finally {
            PostgresTestDb.dropSchema(schema);
        }
    }

    @Test
    void ctrlCOfASweepStopsItsWorkersAndRecordsTheirTrialsInterrupted() throws Exception {
        Path space = CliRunner.space(tmp, "iris-cheap.yaml", 400, 6);
        Path results = tmp.resolve("results");
        Process sweep = CliRunner.start(tmp.resolve("sweep.log"), "sweep", space.toString(), "--results",
                results.toString(), "--workers", "2");
        Path db = results.resolve("iris-cheap/study.db");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        List<ProcessHandle> workers = List.of();
        while (true) {
            assertTrue(Instant.now().isBefore(deadline), "no trial running in time: " + Files.readString(tmp.resolve("sweep.log")));
            assertTrue(sweep.isAlive(), () -> "sweep ended early");
            workers = sweep.descendants().toList();
            if (Files.exists(db)) {
                try (StudyStorage s = Storages.open(db.toString())) {
                    if (s.findStudy("iris-cheap").isPresent() && s.trials("iris-cheap").stream()
                            .anyMatch(t -> t.state() == TrialState.RUNNING && !t.intermediates().isEmpty())) {
                        break;
                    }
                }
            }
            Thread.sleep(100);
        }
        assertEquals(2, workers.size(), "two worker processes: " + workers);
        new ProcessBuilder("kill", "-INT", Long.toString(sweep.pid())).start().waitFor();
        assertTrue(sweep.waitFor(60, TimeUnit.SECONDS), "the sweep stopped");
        for (ProcessHandle w : workers) {
            assertTrue(w.onExit().get(30, TimeUnit.SECONDS) != null && !w.isAlive(), "worker " + w.pid() + " stopped");
        }
        try (StudyStorage s = Storages.open(db.toString())) {
            List<Trial> trials = s.trials("iris-cheap");
            assertTrue(trials.stream().noneMatch(t -> t.state() == TrialState.RUNNING), trials.toString());
            assertTrue(trials.stream().anyMatch(LostTrials::isInterrupted), trials.toString());
        }
    }

    @Test
    void mistakesAreOneLineWithExitCodeTwoAndNeverShowAPassword() throws Exception {
        Path space = CliRunner.space(tmp, "iris-cheap.yaml", 1, 2);
        Path results = tmp.resolve("r");
        CliRunner.Result bad = CliRunner.run("enqueue", space.toString(), "--results", results.toString(),
                "--params", "{\"units\": 4, \"lr\": 7}");
        assertEquals(2, bad.exitCode());
        assertEquals("liandan: --params: parameter 'lr' = 7.0 is outside its range: expected a number in [0.001, 0.1]",
                bad.err().strip());

        CliRunner.Result nothing = CliRunner.run("worker", "--study", "nope", "--results", results.toString());
        assertEquals(2, nothing.exitCode());
        assertEquals(1, nothing.err().strip().lines().count(), nothing.err());
        assertFalse(Files.exists(results.resolve("nope")), "a worker creates no study");

        CliRunner.Result zero = CliRunner.run("sweep", space.toString(), "--results", results.toString(), "--workers", "0");
        assertEquals(2, zero.exitCode());
        assertEquals("liandan: --workers must be >= 1, got 0", zero.err().strip());

        CliRunner.Result both = CliRunner.run("enqueue", space.toString(), "--results", results.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("exactly one of --params, --file and --warm-start-from"), both.err());

        CliRunner.Result pg = CliRunner.run("worker", "--study", "s", "--storage",
                "jdbc:postgresql://127.0.0.1:1/test?user=u&password=hunter2");
        assertEquals(2, pg.exitCode());
        assertFalse(pg.err().contains("hunter2"), pg.err());
        assertTrue(pg.err().startsWith("liandan: cannot connect to PostgreSQL storage"), pg.err());
        assertEquals(1, pg.err().strip().lines().count(), pg.err());

        for (String command : List.of("worker", "enqueue")) {
            CliRunner.Result help = CliRunner.run(command, "--help");
            assertEquals(0, help.exitCode());
            assertTrue(help.out().contains("Examples:"), help.out());
        }
    }
}
