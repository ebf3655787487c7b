package dev.liandan.cli;

import dev.liandan.storage.PostgresTestDb;
import dev.liandan.storage.Storages;
import dev.liandan.study.StudyStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code liandan launch k8s} through the CLI, with the real PostgreSQL: the study is ready, the Job is printed. */
class LaunchK8sCliTest {
    @TempDir
    Path tmp;

    private Path space() throws Exception {
        Path file = tmp.resolve("k8s.yaml");
        Files.writeString(file, """
                study: k8s-study
                params:
                  x: {float: [0.0, 1.0]}
                objective: {metric: loss, direction: minimize}
                search: {sampler: random, trials: 12, seed: 4}
                trial:
                  command: [sh, -c, "echo liandan: final loss={x}"]
                """);
        return file;
    }

    @Test
    void createsTheStudyAndPrintsAnIndexedJob() throws Exception {
        String schema = PostgresTestDb.createSchema();
        try {
            String url = PostgresTestDb.url(schema);
            CliRunner.Result r = CliRunner.run("launch", "k8s", space().toString(), "--workers", "3", "--storage", url,
                    "--image", "registry.example/liandan:0.1", "--gpus-per-worker", "1", "--trials", "20");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().startsWith("apiVersion: batch/v1\nkind: Job\n"), r.out());
            assertTrue(r.out().contains("  completionMode: Indexed\n  completions: 3\n  parallelism: 3\n"), r.out());
            assertTrue(r.out().contains("nvidia.com/gpu: \"1\""), r.out());
            assertTrue(r.err().contains("study 'k8s-study' is ready"), r.err());
            try (StudyStorage s = Storages.open(url)) {
                assertTrue(s.findStudy("k8s-study").isPresent());
                assertEquals("20", s.studyAttributes("k8s-study").get("search.trials"), "the pods run the launch's budget");
            }
        } finally {
            PostgresTestDb.dropSchema(schema);
        }
    }

    @Test
    void aPasswordInTheUrlOrAStoragePodsCannotShareIsOneLine() throws Exception {
        CliRunner.Result withPassword = CliRunner.run("launch", "k8s", space().toString(), "--workers", "2", "--image", "i",
                "--storage", "jdbc:postgresql://db:5432/hpo?user=u&password=hunter2");
        assertEquals(2, withPassword.exitCode());
        assertEquals(1, withPassword.err().strip().lines().count(), withPassword.err());
        assertTrue(withPassword.err().contains("put it in the Secret"), withPassword.err());
        assertFalse(withPassword.err().contains("hunter2"), withPassword.err());
        assertEquals("", withPassword.out(), "nothing printed to apply");

        CliRunner.Result sqlite = CliRunner.run("launch", "k8s", space().toString(), "--workers", "2", "--image", "i",
                "--storage", tmp.resolve("study.db").toString());
        assertEquals(2, sqlite.exitCode());
        assertTrue(sqlite.err().contains("need a PostgreSQL storage"), sqlite.err());
        assertFalse(Files.exists(tmp.resolve("study.db")), "nothing created");
    }
}
