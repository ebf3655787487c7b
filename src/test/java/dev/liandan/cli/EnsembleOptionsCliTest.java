package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caruana's selection options and `bench ensemble`: user mistakes get one line and exit code 2. */
class EnsembleOptionsCliTest {

    private static void refused(CliRunner.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.err());
        String err = r.err().strip();
        assertTrue(err.contains(expected), err);
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void badSelectionOptionsAreRefused(@TempDir Path dir) {
        String results = dir.toString();
        refused(CliRunner.run("ensemble", "--study", "s", "--results", results, "--init", "random"),
                "unknown --init 'random': expected sorted or empty");
        refused(CliRunner.run("ensemble", "--study", "s", "--results", results, "--select-by", "f1"),
                "unknown metric 'f1': expected accuracy or log_loss");
        refused(CliRunner.run("ensemble", "--study", "s", "--results", results, "--bags", "0"),
                "--bags must be >= 1, got 0");
    }

    @Test
    void ensembleReadsTheStorageItIsGiven(@TempDir Path dir) {
        // --storage used to be accepted and ignored (the study's own SQLite file was always read)
        Path elsewhere = dir.resolve("elsewhere.db");
        refused(CliRunner.run("ensemble", "--study", "nope", "--results", dir.toString(), "--storage",
                "sqlite:" + elsewhere), "holds no study named 'nope'");
        refused(CliRunner.run("ensemble", "--study", "nope", "--results", dir.toString()), "no study 'nope'");
    }

    @Test
    void benchEnsembleNeedsAStudy(@TempDir Path dir) {
        refused(CliRunner.run("bench", "ensemble", "--study", "nope", "--results", dir.toString()),
                "no study 'nope'");
        refused(CliRunner.run("bench", "ensemble", "--study", "nope", "--results", dir.toString(), "--repeats", "0"),
                "must be >= 1");
    }
}
