package dev.liandan.cli;

import dev.liandan.core.TrialState;
import dev.liandan.storage.PostgresTestDb;
import dev.liandan.storage.Storages;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code objective.target} and {@code search.max_failed} with two worker processes, on SQLite and
 * on PostgreSQL, with cheap command trials (a python3 quadratic): every worker stops starting
 * trials once the rule holds, whichever worker made it hold.
 */
@Timeout(600)
class StopRulesSweepTest {
    @TempDir
    Path tmp;

    private Path space(String study, String mode, String extra) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/command/trial.py")) {
            Files.write(tmp.resolve("trial.py"), in.readAllBytes());
        }
        Path file = tmp.resolve(study + ".yaml");
        Files.writeString(file, """
                study: STUDY
                params:
                  x: {float: [-1.0, 1.0]}
                  y: {float: [-1.0, 1.0]}
                objective: {metric: loss, direction: minimize, EXTRA}
                search: {sampler: random, trials: 300, seed: 3, MAXFAILED}
                CONSTRAINTS
                trial:
                  command: [python3, trial.py, MODE, "{x}"]
                  timeout: 120
                """.replace("STUDY", study).replace("MODE", mode)
                .replace(", EXTRA", extra.startsWith("target") ? ", " + extra : "")
                .replace(", MAXFAILED", extra.startsWith("max_failed") ? ", " + extra : "")
                .replace("CONSTRAINTS", extra.startsWith("target") ? "constraints: [\"loss >= 0.02\"]" : ""));
        return file;
    }

    /** Runs {@code sweep --workers 2} on SQLite ("sqlite") or a fresh PostgreSQL schema ("postgres"). */
    private CliRunner.Result sweep(String storage, Path space, List<Trial> trialsOut, String study) {
        Path results = tmp.resolve("results");
        String schema = storage.equals("postgres") ? PostgresTestDb.createSchema() : null;
        try {
            List<String> args = new ArrayList<>(List.of("sweep", space.toString(), "--results", results.toString(),
                    "--workers", "2"));
            String url = schema == null ? results.resolve(study).resolve("study.db").toString()
                    : PostgresTestDb.url(schema);
            if (schema != null) {
                args.addAll(List.of("--storage", url));
            }
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            try (StudyStorage s = Storages.open(url)) {
                trialsOut.addAll(s.trials(study));
            }
            return r;
        } finally {
            if (schema != null) {
                PostgresTestDb.dropSchema(schema);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aCompleteTrialReachingTheTargetStopsEveryWorker(String storage) throws Exception {
        List<Trial> trials = new ArrayList<>();
        CliRunner.Result r = sweep(storage, space("quad-target", "quadratic", "target: 0.1"), trials, "quad-target");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(trials.size() < 300, "stopped before the budget: " + trials.size());
        // the first trial within the target that also meets the constraint loss >= 0.02 ends the study
        Trial first = trials.stream().filter(t -> t.state() == TrialState.COMPLETE && t.value() <= 0.1 && t.value() >= 0.02)
                .min((a, b) -> Integer.compare(a.number(), b.number())).orElseThrow();
        assertTrue(r.out().contains("Target reached: trial " + first.number() + " has loss = "), r.out());
        long startedLater = 0;
        for (Trial t : trials) {
            assertEquals(TrialState.COMPLETE, t.state(), t.failReason());
            startedLater += t.startedAt().isAfter(first.finishedAt()) ? 1 : 0;
        }
        // the finish time is stamped just before the finish is stored: in that instant the other
        // worker may still start one trial, never more
        assertTrue(startedLater <= 1, startedLater + " trials started after the target was reached");
        // a value short of the target, or an infeasible one within it, does not stop the study
        assertTrue(trials.stream().filter(t -> t.number() < first.number())
                .allMatch(t -> t.value() > 0.1 || t.value() < 0.02));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void maxFailedStopsEveryWorkerWithOneClearLine(String storage) throws Exception {
        List<Trial> trials = new ArrayList<>();
        CliRunner.Result r = sweep(storage, space("always-fails", "fail", "max_failed: 3"), trials, "always-fails");
        assertEquals(1, r.exitCode(), "a sweep stopped by its failures exits 1: " + r.err() + r.out());
        long failed = trials.stream().filter(t -> t.state() == TrialState.FAILED).count();
        // the third failure stops new starts; the other worker's trial already running may fail too
        assertTrue(failed >= 3 && failed <= 4, "failed: " + failed);
        assertEquals(failed, trials.size());
        assertTrue(r.out().contains("Stopped: " + failed + " trials FAILED (search.max_failed: 3); the last, trial "),
                r.out());
        assertTrue(r.out().contains("ZeroDivisionError"), "the last failure's reason is shown: " + r.out());
    }

    @Test
    void badValuesAreRefusedAtTheirPlace() throws Exception {
        Path bad = space("bad", "quadratic", "max_failed: 0");
        CliRunner.Result zero = CliRunner.run("validate", bad.toString());
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("bad.yaml:6:61: search.max_failed: expected an integer >= 1, got 0"),
                zero.err());
        Path word = space("bad2", "quadratic", "target: high");
        CliRunner.Result notNumber = CliRunner.run("validate", word.toString());
        assertEquals(2, notNumber.exitCode());
        assertTrue(notNumber.err().contains("objective.target: expected a number, got"), notNumber.err());
    }
}
