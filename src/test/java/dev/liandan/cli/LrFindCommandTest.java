package dev.liandan.cli;

import dev.liandan.space.SpaceFileParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LrFindCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesCurvePlotSuggestionAndTheAppliedCopy() throws Exception {
        Path space = tmp.resolve("iris.yaml");
        Files.writeString(space, "study: iris-find\ndata:\n  path: " + Path.of("data/iris.csv").toAbsolutePath()
                + "\n  label: label\nmodel:\n  hidden_layers: 1\n  units: 16\ntraining:\n  batch_size: 16\n"
                + "  lr: 0.01  # replaced\nobjective:\n  metric: val_accuracy\n");
        CliRunner.Result r = CliRunner.run("lr-find", space.toString(), "--results", tmp.resolve("res").toString(),
                "--steps", "80", "--apply");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("suggested lr"), r.out());
        assertTrue(!r.out().contains("(steps)"), r.out());
        assertTrue(r.out().matches("(?s)\\d+ steps \\((the full ramp|stopped early: [^)]+)\\); suggested lr.*"), r.out());
        Path dir = tmp.resolve("res/iris-find/lr-find");
        assertTrue(Files.readString(dir.resolve("lr-find.csv")).startsWith("lr,loss,smoothed_loss\n"));
        assertTrue(Files.readString(dir.resolve("lr-find.svg")).contains("<svg"));
        assertTrue(Files.readString(dir.resolve("suggestion.json")).contains("\"range\""));
        Path applied = tmp.resolve("iris.lr-find.yaml");
        assertTrue(r.out().contains(applied.toString()), r.out());
        assertTrue(SpaceFileParser.parse(applied).space().get("lr").orElseThrow() instanceof dev.liandan.space.FloatParam);
    }

    @Test
    void applyIsRefusedBeforeTheRunWhenLrIsAFormula() throws Exception {
        Path space = tmp.resolve("formula.yaml");
        Files.writeString(space, "study: iris-formula\ndata:\n  path: " + Path.of("data/iris.csv").toAbsolutePath()
                + "\n  label: label\nparams:\n  base_lr: {float: [1.0e-4, 1.0e-1], log: true}\n"
                + "training:\n  batch_size: 16\n  lr: \"= base_lr * batch_size / 32\"\nobjective:\n  metric: val_accuracy\n");
        Path results = tmp.resolve("res");
        CliRunner.Result r = CliRunner.run("lr-find", space.toString(), "--results", results.toString(), "--apply");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("liandan: " + space + ": training.lr is a formula"), r.err());
        assertTrue(!Files.exists(results.resolve("iris-formula")), "the test did not run");
        assertEquals("", r.out());
    }

    @Test
    void aBadOptionIsOneLine() {
        CliRunner.Result r = CliRunner.run("lr-find", "search-spaces/digits-lr-find.yaml", "--start-lr", "1", "--end-lr", "0.1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("liandan: lr-find: expected 0 < start < end"), r.err());
    }
}
