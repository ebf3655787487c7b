package dev.liandan.api;

import dev.liandan.core.TrialState;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two JVMs optimizing one SQLite study: together they finish exactly its budget. */
class SharedStudyTest {
    @TempDir
    Path dir;

    private Process child(Path db, int budget, Path log, String... more) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SharedStudyChild.class.getName(),
                db.toString(), Integer.toString(budget)));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void theTrialOfAKilledJvmIsReRunWithItsConfigurationByTheNext() throws Exception {
        Path db = dir.resolve("killed/study.db");
        Path hanging = dir.resolve("hanging");
        Process first = child(db, 3, dir.resolve("first.log"), hanging.toString());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(hanging) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(hanging), Files.readString(dir.resolve("first.log")));
        first.destroyForcibly().waitFor(1, TimeUnit.MINUTES); // SIGKILL: no shutdown hook records anything
        Process second = child(db, 3, dir.resolve("second.log"));
        assertTrue(second.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, second.exitValue(), Files.readString(dir.resolve("second.log")));
        try (JdbcStorage storage = JdbcStorage.sqlite(db)) {
            List<Trial> trials = storage.trials("shared");
            Trial lost = trials.get(0);
            assertEquals(TrialState.FAILED, lost.state(), trials.toString());
            assertEquals(dev.liandan.study.LostTrials.INTERRUPTED, lost.failReason(), "its JVM on this host is gone");
            Trial rerun = trials.get(1);
            assertEquals(0, rerun.retryOf());
            assertEquals(lost.seed(), rerun.seed());
            // the lost trial stored what it started with (nothing yet: the study was new); its parameters,
            // drawn from the trial's seed and their names, come out the same in the re-run
            assertEquals(Files.readString(hanging), rerun.params().toString(), "the same configuration");
            assertEquals(3, trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count(), "the lost one does not count");
        }
    }

    @Test
    void twoJvmsShareOneStudyWithAnExactBudget() throws Exception {
        Path db = dir.resolve("shared/study.db");
        int budget = 9;
        List<Process> children = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path log = dir.resolve("child-" + i + ".log");
            logs.add(log);
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), SharedStudyChild.class.getName(),
                    db.toString(), Integer.toString(budget)).redirectErrorStream(true).redirectOutput(log.toFile());
            children.add(pb.start());
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(children.get(i).waitFor(5, TimeUnit.MINUTES), "child " + i + " ends");
            assertEquals(0, children.get(i).exitValue(), Files.readString(logs.get(i)));
            assertEquals("", Files.readString(logs.get(i)), "the library prints nothing");
        }
        try (JdbcStorage storage = JdbcStorage.sqlite(db)) {
            List<Trial> trials = storage.trials("shared");
            assertEquals(budget, trials.size(), trials.toString());
            assertTrue(trials.stream().allMatch(t -> t.state() == TrialState.COMPLETE), trials.toString());
            Set<String> workers = trials.stream().map(Trial::worker).collect(Collectors.toSet());
            assertEquals(2, workers.size(), "both JVMs ran trials: " + workers);
            assertTrue(trials.stream().allMatch(t -> t.params().keySet().equals(Set.of("x", "k"))), trials.toString());
        }
    }
}
