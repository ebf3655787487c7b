package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.storage.PostgresTestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands that read a finished study, on a real three-trial sweep: status against the
 * stored budget, the leaderboard's number format, JSON params and chosen columns, the list of
 * studies, and delete.
 */
class StudyCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void aFinishedSweepIsShownListedAndDeleted() throws Exception {
        Path space = CliRunner.space(tmp, "iris-tiny.yaml", 2);
        Path results = tmp.resolve("results");
        String dir = results.toString();
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", dir, "--trials", "3");
        assertEquals(0, sweep.exitCode(), sweep.err());

        // the file says 4 trials; the sweep ran with --trials 3 and status knows it
        CliRunner.Result status = CliRunner.run("status", "--study", "iris-tiny", "--results", dir);
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("trials: 3 of 3 finished (3 complete)"), status.out());
        assertTrue(status.out().contains("ETA: done"), status.out());

        // one number format per column: every val_accuracy cell has four decimals, even a whole one
        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "iris-tiny", "--results", dir, "--format", "csv");
        assertEquals(0, board.exitCode(), board.err());
        List<String> lines = board.out().lines().toList();
        int column = List.of(lines.get(0).split(",")).indexOf("val_accuracy");
        for (String line : lines.subList(1, lines.size())) {
            String cell = line.split(",")[column];
            assertTrue(cell.matches("\\d\\.\\d{4}"), "four decimals: " + cell + " in " + board.out());
        }

        // JSON: the settings an MLP uses under params, every stored one under settings
        CliRunner.Result json = CliRunner.run("leaderboard", "--study", "iris-tiny", "--results", dir, "--format", "json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode first = new ObjectMapper().readTree(json.out()).get("trials").get(0);
        for (String used : List.of("units", "lr", "hidden_layers", "activation", "batch_size", "epochs")) {
            assertTrue(first.get("params").has(used), used + " in " + first.get("params"));
        }
        for (String unused : List.of("conv_layers", "embedding_size", "step_gamma", "momentum", "focal_gamma")) {
            assertFalse(first.get("params").has(unused), unused + " not in " + first.get("params"));
            assertTrue(first.get("settings").has(unused), unused + " in " + first.get("settings"));
        }

        CliRunner.Result chosen = CliRunner.run("leaderboard", "--study", "iris-tiny", "--results", dir, "--format", "csv",
                "--columns", "lr,val_loss,activation");
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertEquals("rank,trial,val_accuracy,val_loss,lr,activation,epochs,duration_s,state,fail_reason",
                chosen.out().lines().findFirst().orElseThrow());
        CliRunner.Result unknown = CliRunner.run("leaderboard", "--study", "iris-tiny", "--results", dir, "--columns", "lr,nope");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("liandan: --columns: no metric or parameter 'nope' in study 'iris-tiny'"),
                unknown.err());

        CliRunner.Result studies = CliRunner.run("studies", "--results", dir);
        assertEquals(0, studies.exitCode(), studies.err());
        String row = studies.out().lines().filter(l -> l.startsWith("iris-tiny ")).findFirst().orElseThrow();
        assertTrue(row.contains("val_accuracy maximize") && row.contains("3 (3 complete)") && row.matches(".*\\(trial \\d\\)$"),
                studies.out());

        // without a terminal and without --yes nothing is deleted
        CliRunner.Result asked = CliRunner.run("delete", "--study", "iris-tiny", "--results", dir);
        assertEquals(2, asked.exitCode(), asked.out());
        assertTrue(asked.err().startsWith("liandan: delete: not asking without a terminal: add --yes"), asked.err());
        assertTrue(Files.exists(results.resolve("iris-tiny/study.db")));

        CliRunner.Result deleted = CliRunner.run("delete", "--study", "iris-tiny", "--results", dir, "--yes");
        assertEquals(0, deleted.exitCode(), deleted.err());
        assertTrue(deleted.out().contains("deleted study 'iris-tiny' (3 trial(s))"), deleted.out());
        assertFalse(Files.exists(results.resolve("iris-tiny")));
        assertTrue(Files.exists(space), "only the study's folder is removed");
        assertEquals("no studies in " + dir + "\n", CliRunner.run("studies", "--results", dir).out());

        CliRunner.Result again = CliRunner.run("delete", "--study", "iris-tiny", "--results", dir, "--yes");
        assertEquals(2, again.exitCode());
        assertTrue(again.err().startsWith("liandan: no study 'iris-tiny' in "), again.err());
    }
    @Test
    void studiesAndDeleteWorkOnAPostgresqlStudy() throws Exception {
        String schema = PostgresTestDb.createSchema();
        try {
            String url = PostgresTestDb.url(schema);
            Path space = CliRunner.space(tmp, "iris-tiny.yaml", 2);
            // enqueue creates the study in storage without training anything; the sampler fills lr
            CliRunner.Result enqueued = CliRunner.run("enqueue", space.toString(), "--storage", url,
                    "--results", tmp.resolve("results").toString(), "--params", "{\"units\": 6}");
            assertEquals(0, enqueued.exitCode(), enqueued.err());

            CliRunner.Result listed = CliRunner.run("studies", "--storage", url);
            assertEquals(0, listed.exitCode(), listed.err());
            assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("iris-tiny ") && l.contains("1 (1 waiting)")
                    && l.endsWith("-")), listed.out());

            CliRunner.Result deleted = CliRunner.run("delete", "--study", "iris-tiny", "--storage", url, "--yes");
            assertEquals(0, deleted.exitCode(), deleted.err());
            assertTrue(deleted.out().startsWith("deleted study 'iris-tiny' (1 trial(s))"), deleted.out());
            assertEquals("no studies in that storage\n", CliRunner.run("studies", "--storage", url).out());
        } finally {
            PostgresTestDb.dropSchema(schema);
        }
    }
}
