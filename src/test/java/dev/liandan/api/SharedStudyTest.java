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
