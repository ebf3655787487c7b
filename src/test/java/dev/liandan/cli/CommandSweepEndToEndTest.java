package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.core.TrialState;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `liandan sweep` of command trials (python3 programs), through the CLI, with SQLite. */
@Timeout(300)
class CommandSweepEndToEndTest {
    @TempDir
    Path tmp;

    private Path space(String mode, String extraTrial) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/command/trial.py")) {
            Files.write(tmp.resolve("trial.py"), in.readAllBytes());
        }
        String yaml = """
                study: quad
                params:
                  x: {float: [-1.0, 1.0]}
                  y: {float: [-1.0, 1.0]}
                objective: {metric: loss, direction: minimize}
                search: {sampler: sobol, trials: 4, seed: 3}
                trial:
                  command: [python3, trial.py, MODE, "{x}"]
                  timeout: 120
                """.replace("MODE", mode) + extraTrial;
        Path file = tmp.resolve("quad.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void sweepsAQuadraticThroughTheCli() throws Exception {
        Path space = space("quadratic", "");
        CliRunner.Result validate = CliRunner.run("validate", space.toString());
        assertEquals(0, validate.exitCode(), validate.err());
        assertTrue(validate.out().contains("ok — study 'quad', 2 searched parameter(s)"), validate.out());

        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        assertTrue(sweep.out().contains("4 of 4 trials finished"), sweep.out());

        try (StudyStorage s = JdbcStorage.sqlite(results.resolve("quad/study.db"))) {
            List<Trial> trials = s.trials("quad");
            assertEquals(4, trials.size());
            for (Trial t : trials) {
                assertEquals(TrialState.COMPLETE, t.state(), t.failReason());
                double x = ((Number) t.params().get("x")).doubleValue();
                double y = ((Number) t.params().get("y")).doubleValue();
                double target = (x - 0.3) * (x - 0.3) + (y + 0.2) * (y + 0.2);
                assertEquals(target, t.value(), 1e-12, "the final line's loss, computed from the params");
                assertEquals(3, t.epochs());
                assertEquals(3, t.intermediates().size());
                assertEquals(target + 1.0 / 3, t.intermediates().get(2), 1e-12);
                Path dir = results.resolve("quad/trials/" + t.number());
                assertTrue(Files.readString(dir.resolve("output.log")).contains("liandan: final loss="));
                assertEquals(x, new ObjectMapper().readTree(dir.resolve("params.json").toFile()).get("x").asDouble());
            }
        }

        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "quad", "--results", results.toString(),
                "--format", "json");
        assertEquals(0, board.exitCode(), board.err());
        JsonNode json = new ObjectMapper().readTree(board.out());
        assertEquals("loss", json.get("metric").asText());
        assertEquals("minimize", json.get("direction").asText());
        assertEquals(4, json.get("trials").size());
        assertTrue(json.get("trials").get(0).get("value").asDouble() <= json.get("trials").get(3).get("value").asDouble());
    }

    /**
     * A command-trial study needs no deep-learning runtime: the sweep runs with ND4J, DL4J and
     * their native libraries left off the class path (as on a GPU host that only has PyTorch and a
     * JRE, where a CUDA build of ND4J would also have printed a false "training on the CPU").
     */
    @Test
    void sweepsCommandTrialsWithoutNd4jOnTheClassPath() throws Exception {
        Path space = space("quadratic", "");
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.matches(".*/(nd4j|deeplearning4j|datavec|openblas|javacpp)[^/]*\\.jar"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(!classPath.contains("nd4j-native") && !classPath.contains("deeplearning4j-nn"), classPath);
        Path log = tmp.resolve("sweep.log");
        Process sweep = CliRunner.start(classPath, log, "sweep", space.toString(), "--results",
                tmp.resolve("results").toString(), "--trials", "2");
        assertEquals(0, sweep.waitFor(), Files.readString(log));
        String out = Files.readString(log);
        assertTrue(out.contains("2 of 2 trials finished"), out);
        assertTrue(!out.contains("NoClassDefFoundError"), out);
    }

    /** {@code --gpus}: worker processes run the command trials, each trial on its worker's GPU. */
    @Test
    void workersRunCommandTrialsEachOnItsOwnGpu() throws Exception {
        Path space = space("device", "");
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString(),
                "--gpus", "3,5");
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        try (StudyStorage s = JdbcStorage.sqlite(results.resolve("quad/study.db"))) {
            List<Trial> trials = s.trials("quad");
            assertEquals(4, trials.size());
            Set<Double> devices = new HashSet<>();
            for (Trial t : trials) {
                assertEquals(TrialState.COMPLETE, t.state(), t.failReason());
                devices.add(t.value());
            }
            assertEquals(Set.of(3.0, 5.0), devices, "each worker's trials see its own CUDA_VISIBLE_DEVICES");
        }
    }

    /** A searched parameter named like a leaderboard column of its own gets a column of its own name. */
    @Test
    void aSearchedEpochsParameterIsNotConfusedWithTheEpochsRun() throws Exception {
        Path space = space("quadratic", "");
        Files.writeString(space, Files.readString(space).replace("  y: {float: [-1.0, 1.0]}\n",
                "  y: {float: [-1.0, 1.0]}\n  epochs: {int: [10, 30]}\n"));
        Path results = tmp.resolve("results");
        assertEquals(0, CliRunner.run("sweep", space.toString(), "--results", results.toString()).exitCode());
        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "quad", "--results", results.toString());
        assertEquals(0, board.exitCode(), board.err());
        List<String> header = List.of(board.out().lines().filter(l -> l.startsWith("rank")).findFirst()
                .orElseThrow().trim().split("\\s+"));
        assertTrue(header.contains("param.epochs"), header.toString());
        assertEquals(1, header.stream().filter("epochs"::equals).count(), header.toString());
    }

    @Test
    void failingProgramsAreRecordedAndTheSweepGoesOn() throws Exception {
        Path space = space("fail", "");
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString(), "--trials", "2");
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        assertTrue(sweep.out().contains("2 of 2 trials finished"), sweep.out());
        assertTrue(sweep.out().contains("trial 0 FAILED (exited with code 3; last output: "), sweep.out());
        try (StudyStorage s = JdbcStorage.sqlite(results.resolve("quad/study.db"))) {
            for (Trial t : s.trials("quad")) {
                assertEquals(TrialState.FAILED, t.state());
                assertTrue(t.failReason().contains("ZeroDivisionError"), t.failReason());
            }
        }
    }

    @Test
    void aProgramThatCannotStartStopsTheSweepWithOneLine() throws Exception {
        Path space = space("quadratic", "").getParent().resolve("quad.yaml");
        Files.writeString(space, Files.readString(space).replace("[python3,", "[no-such-python-liandan,"));
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", tmp.resolve("r").toString());
        assertEquals(2, sweep.exitCode(), sweep.err() + sweep.out());
        String err = sweep.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("liandan: " + space + ":7:1: trial.command: cannot start 'no-such-python-liandan'"), err);
    }
}
