package dev.liandan.cli;

import dev.liandan.core.TrialState;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.LostTrials;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** How a sweep starts: two at once on a new study, and with SIGINT ignored by the shell that started it. */
@Timeout(300)
class SweepStartCliTest {
    @TempDir
    Path tmp;

    private Path space(int trials, String sleep) throws IOException {
        Path file = tmp.resolve("start.yaml");
        Files.writeString(file, """
                study: start
                params:
                  x: {float: [0.0, 1.0]}
                objective: {metric: loss, direction: minimize}
                search: {sampler: random, trials: TRIALS, seed: 5}
                trial:
                  command: [sh, -c, "sleep SLEEP; echo liandan: final loss={x}"]
                """.replace("TRIALS", Integer.toString(trials)).replace("SLEEP", sleep));
        return file;
    }

    @Test
    void twoSweepsOfANewStudyStartedTogetherShareIt() throws Exception {
        Path space = space(8, "0.3");
        Path results = tmp.resolve("results");
        List<Process> sweeps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sweeps.add(CliRunner.start(tmp.resolve("sweep-" + i + ".log"), "sweep", space.toString(),
                    "--results", results.toString()));
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(sweeps.get(i).waitFor(240, TimeUnit.SECONDS), "sweep " + i + " ended");
            assertEquals(0, sweeps.get(i).exitValue(), Files.readString(tmp.resolve("sweep-" + i + ".log")));
        }
        try (StudyStorage s = JdbcStorage.sqlite(results.resolve("start/study.db"))) {
            List<Trial> trials = s.trials("start");
            assertEquals(8, trials.size(), trials.toString());
            assertEquals(8, trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count(), trials.toString());
        }
    }

    @Test
    void verboseSaysWhenCtrlCCannotReachTheSweep() throws Exception {
        assumeFalse(CliRunner.DEFAULT_SIGINT.isEmpty(), "needs GNU env (--ignore-signal) to start a child with SIGINT ignored");
        Path space = space(1, "0");
        Path ignoring = tmp.resolve("ignoring.log");
        Process p = startWith(List.of("env", "--ignore-signal=INT"), ignoring, "sweep", space.toString(),
                "--results", tmp.resolve("a").toString(), "--verbose");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String log = Files.readString(ignoring);
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("liandan: Ctrl-C cannot reach this process: it was started with SIGINT ignored"), log);

        Path normal = tmp.resolve("normal.log");
        Process q = CliRunner.start(normal, "sweep", space.toString(), "--results", tmp.resolve("b").toString(), "--verbose");
        assertTrue(q.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, q.exitValue(), Files.readString(normal));
        assertFalse(Files.readString(normal).contains("Ctrl-C cannot reach"), Files.readString(normal));
    }

    /** The test's children get SIGINT back even when this JVM inherited it ignored: Ctrl-C tests test Ctrl-C. */
    @Test
    void ctrlCReachesAChildOfAnIgnoringParent() throws Exception {
        assumeFalse(CliRunner.DEFAULT_SIGINT.isEmpty(), "needs GNU env (--default-signal)");
        Path space = space(2, "60");
        Path results = tmp.resolve("results");
        List<String> ignoringThenReset = new ArrayList<>(List.of("env", "--ignore-signal=INT"));
        ignoringThenReset.addAll(CliRunner.DEFAULT_SIGINT);
        Path log = tmp.resolve("sweep.log");
        Process sweep = startWith(ignoringThenReset, log, "sweep", space.toString(), "--results", results.toString());
        Path db = results.resolve("start/study.db");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!running(db)) {
            assertTrue(Instant.now().isBefore(deadline) && sweep.isAlive(), "no trial running: " + Files.readString(log));
            Thread.sleep(100);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(sweep.pid())).start().waitFor();
        assertTrue(sweep.waitFor(60, TimeUnit.SECONDS), "Ctrl-C stopped the sweep");
        try (StudyStorage s = JdbcStorage.sqlite(db)) {
            List<Trial> trials = s.trials("start");
            assertEquals(1, trials.stream().filter(LostTrials::isInterrupted).count(), trials.toString());
        }
    }

    private static boolean running(Path db) {
        if (!Files.exists(db)) {
            return false;
        }
        try (StudyStorage s = JdbcStorage.sqlite(db)) {
            return s.findStudy("start").isPresent()
                    && s.trials("start").stream().anyMatch(t -> t.state() == TrialState.RUNNING);
        }
    }

    private static Process startWith(List<String> prefix, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.liandan.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
