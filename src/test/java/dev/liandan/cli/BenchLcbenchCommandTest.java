package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.bench.LcbenchSurrogate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchLcbenchCommandTest {

    private static Path surrogate() {
        Path dir = LcbenchSurrogate.defaultDir(Path.of(""));
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("model.onnx")),
                "the YAHPO LCBench surrogate is not at " + dir + " (../shared/benchmarks/yahpo-lcbench): skipped");
        return dir;
    }

    @Test
    void writesRegretsInTheSharedJsonForm(@TempDir Path tmp) throws Exception {
        Path dir = surrogate();
        Path json = tmp.resolve("out.json");
        CliRunner.Result r = CliRunner.run("bench", "lcbench", "--surrogate", dir.toString(), "--tasks", "34539",
                "--seeds", "1", "--budget", "3", "--methods", "random+asha,bohb", "--references",
                "bench/lcbench-references.json", "--json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("| random+asha |") && r.out().contains("| bohb |"), r.out());
        JsonNode methods = new ObjectMapper().readTree(json.toFile()).get("methods");
        for (String m : new String[]{"random+asha", "bohb"}) {
            for (String b : new String[]{"10", "30", "100"}) {
                assertTrue(methods.get(m).get("regret").get(b).isNumber(), m + " @" + b);
            }
        }
    }

    @Test
    void composesAnySamplerWithAnyPrunerAndAddsOptunasRows(@TempDir Path tmp) throws Exception {
        Path dir = surrogate();
        Path peer = tmp.resolve("optuna.json");
        double[] curve = new double[60];
        java.util.Arrays.fill(curve, 0.25);
        Files.writeString(peer, "{\"methods\": {\"optuna tpe+sha\": {\"regret\": {\"10\": 0.5, \"30\": 0.25, \"100\": 0.125},"
                + " \"curve\": " + java.util.Arrays.toString(curve) + "}}}");
        Path svg = tmp.resolve("curves.svg");
        CliRunner.Result r = CliRunner.run("bench", "lcbench", "--surrogate", dir.toString(), "--tasks", "34539",
                "--seeds", "1", "--budget", "3", "--methods", "gp+median", "--references",
                "bench/lcbench-references.json", "--optuna-results", peer.toString(), "--plot", svg.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("| gp+median |"), r.out());
        assertTrue(r.out().contains("| optuna tpe+sha | 0.5000 | 0.2500 | 0.1250 |"), r.out());
        assertTrue(Files.readString(svg).contains("optuna tpe+sha"));

        Files.writeString(peer, "{\"runs\": []}");
        CliRunner.Result bad = CliRunner.run("bench", "lcbench", "--surrogate", dir.toString(), "--tasks", "34539",
                "--seeds", "1", "--budget", "3", "--methods", "random", "--references",
                "bench/lcbench-references.json", "--optuna-results", peer.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains(peer + ": expected {\"methods\""), bad.err());
        assertFalse(bad.err().contains("\tat "), bad.err());
    }

    @Test
    void anUnknownTaskOrMethodIsOneLine() {
        Path dir = surrogate();
        CliRunner.Result r = CliRunner.run("bench", "lcbench", "--surrogate", dir.toString(), "--tasks", "999");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown LCBench task '999'"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        CliRunner.Result m = CliRunner.run("bench", "lcbench", "--surrogate", dir.toString(), "--methods", "hyperbnd");
        assertEquals(2, m.exitCode());
        assertTrue(m.err().contains("unknown method 'hyperbnd'"), m.err());
        CliRunner.Result c = CliRunner.run("bench", "lcbench", "--surrogate", dir.toString(), "--methods", "gp+hyperbnd");
        assertEquals(2, c.exitCode());
        assertTrue(c.err().contains("SAMPLER+PRUNER with a sampler of"), c.err());
    }

    @Test
    void aMissingSurrogateSaysWhereItLooked(@TempDir Path tmp) {
        CliRunner.Result r = CliRunner.run("bench", "lcbench", "--surrogate", tmp.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no LCBench surrogate at " + tmp), r.err());
    }
}
