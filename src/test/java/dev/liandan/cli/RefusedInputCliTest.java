package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input that was once accepted and then went wrong (a sweep of trials all FAILED, tables created in
 * the wrong database, files outside --results): each is now refused with one line and exit code 2,
 * before anything is created.
 */
class RefusedInputCliTest {
    @TempDir
    Path tmp;

    private Path space(String study, String data, String extraParams) throws IOException {
        Files.writeString(tmp.resolve("data.csv"), data);
        Path file = tmp.resolve(study.length() > 50 ? "long.yaml" : study + ".yaml");
        Files.writeString(file, """
                study: NAME
                data: {path: data.csv, label: label}
                params:
                  x: {float: [0.0, 1.0]}
                EXTRA
                objective: {metric: loss, direction: minimize}
                search: {sampler: random, trials: 2, seed: 1}
                trial:
                  command: [sh, -c, "echo liandan: final loss={x}"]
                """.replace("NAME", study).replace("EXTRA", extraParams));
        return file;
    }

    private static final String TWO_CLASSES = "x,y,label\n1,2,a\n3,4,a\n5,6,b\n";

    private static void refused(CliRunner.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(expected), "'" + expected + "' in: " + r.err());
    }

    @Test
    void dataOfOneClassIsRefusedAtValidate() throws Exception {
        Path file = space("one-class", "x,y,label\n1,2,a\n3,4,a\n5,6,a\n", "");
        refused(CliRunner.run("validate", file.toString()), "holds one class only (a)");
        refused(CliRunner.run("sweep", file.toString(), "--results", tmp.resolve("r").toString()), "one class only");
        assertFalse(Files.exists(tmp.resolve("r")), "nothing created");
        assertEquals(0, CliRunner.run("validate", space("two", TWO_CLASSES, "").toString()).exitCode());
    }

    @Test
    void keptClassesMustBeTwo() throws Exception {
        Path file = space("kept", TWO_CLASSES, "");
        Files.writeString(file, Files.readString(file).replace("label: label}", "label: label, classes: [a]}"));
        refused(CliRunner.run("validate", file.toString()), "data.classes: expected at least two classes");
    }

    @Test
    void aFormulaOfConstantsThatIsNoNumber() throws Exception {
        refused(CliRunner.run("validate", space("inf", TWO_CLASSES, "  momentum: \"= 1 / 0\"").toString()),
                "gives Infinity, not a finite number");
    }

    @Test
    void aStepWiderThanItsRange() throws Exception {
        refused(CliRunner.run("validate", space("step", TWO_CLASSES, "  dropout: {float: [0, 1], step: 5}").toString()),
                "is wider than the range");
    }

    @Test
    void aStudyNameTooLongForAFolder() throws Exception {
        refused(CliRunner.run("validate", space("s".repeat(300), TWO_CLASSES, "").toString()), "at most 100");
    }

    @Test
    void negativeTopAndGpusThatAreNoDevices() throws Exception {
        Path file = space("opts", TWO_CLASSES, "");
        Path results = tmp.resolve("r");
        refused(CliRunner.run("sweep", file.toString(), "--results", results.toString(), "--top", "-3"),
                "--top must be >= 0");
        refused(CliRunner.run("sweep", file.toString(), "--results", results.toString(), "--gpus", "a,b"),
                "--gpus: expected device ids");
        assertFalse(Files.exists(results), "nothing created");
    }

    @Test
    void aPostgresUrlWithoutHostDatabaseOrUser() throws Exception {
        Path file = space("pg", TWO_CLASSES, "");
        refused(CliRunner.run("sweep", file.toString(), "--storage", "jdbc:postgresql://"), "expected jdbc:postgresql://HOST");
        refused(CliRunner.run("sweep", file.toString(), "--storage", "jdbc:postgresql:///test?user=postgres"),
                "the host is missing");
        refused(CliRunner.run("sweep", file.toString(), "--storage", "jdbc:postgresql://127.0.0.1:5432/?user=postgres"),
                "the database is missing");
        refused(CliRunner.run("sweep", file.toString(), "--storage", "jdbc:postgresql://127.0.0.1:5432/test"),
                "user=NAME is missing");
    }

    @Test
    void aStudyNameThatClimbsOutOfResults() throws Exception {
        Path results = tmp.resolve("r1");
        Files.createDirectories(tmp.resolve("r0/x"));
        Files.writeString(tmp.resolve("r0/x/study.db"), "");
        refused(CliRunner.run("leaderboard", "--study", "../r0/x", "--results", results.toString()),
                "--study: '../r0/x' is not a valid study name");
        refused(CliRunner.run("status", "--study", "../r0/x", "--results", results.toString()), "not a valid study name");
        assertEquals(0, Files.size(tmp.resolve("r0/x/study.db")), "the database outside --results is untouched");
    }
}
