package dev.liandan.cli;

import dev.liandan.study.StudyBudget;
import dev.liandan.study.LostTrials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.core.TrialState;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the real CLI: a sweep on the digits data, the leaderboard, kill -9 / Ctrl-C and resume. */
class SweepEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void sweepThenLeaderboardJson() throws Exception {
        Path space = CliRunner.space(tmp, "digits-small.yaml", 3);
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, sweep.exitCode(), sweep.err());
        assertTrue(sweep.out().contains("3 of 3 trials finished"), sweep.out());
        assertTrue(sweep.out().contains("rank"), "leaderboard printed: " + sweep.out());
        assertFalse(sweep.err().contains("INFO"), "no DL4J chatter without --verbose: " + sweep.err());

        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "digits-small", "--results",
                results.toString(), "--format", "json");
        assertEquals(0, board.exitCode(), board.err());
        JsonNode json = new ObjectMapper().readTree(board.out());
        assertEquals("liandan-leaderboard/1", json.get("format").asText());
        assertEquals("val_accuracy", json.get("metric").asText());
        JsonNode trials = json.get("trials");
        assertEquals(3, trials.size());
        double previous = 2;
        for (int i = 0; i < trials.size(); i++) {
            JsonNode t = trials.get(i);
            assertEquals(i + 1, t.get("rank").asInt());
            double value = t.get("value").asDouble();
            assertTrue(value > 0 && value <= 1, "accuracy in (0, 1]: " + value);
            assertTrue(value <= previous, "ranked best first");
            previous = value;
            assertEquals(3, t.get("intermediate_values").size());
            Path trialDir = results.resolve("digits-small/trials/" + t.get("number").asInt());
            assertTrue(Files.size(trialDir.resolve("model.zip")) > 1000);
            assertTrue(Files.readAllLines(trialDir.resolve("val_predictions.csv")).size() > 300);
        }
        // as a separate process too: what a user runs, where output must be flushed before exit
        Path log = tmp.resolve("leaderboard.log");
        Process child = CliRunner.start(log, "leaderboard", "--study", "digits-small", "--results", results.toString(),
                "--format", "markdown");
        assertEquals(0, child.waitFor());
        assertEquals(3 + 2, Files.readAllLines(log).size(), Files.readString(log));
        for (String format : List.of("table", "markdown", "csv")) {
            CliRunner.Result r = CliRunner.run("leaderboard", "--study", "digits-small", "--results",
                    results.toString(), "--format", format, "--top", "2");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("val_accuracy"), r.out());
        }
    }

    @Test
    void sameSeedSameTrials() throws Exception {
        Path space = CliRunner.space(tmp, "digits-small.yaml", 2);
        List<Trial> a = sweepAndRead(space, tmp.resolve("a"));
        List<Trial> b = sweepAndRead(space, tmp.resolve("b"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).params(), b.get(i).params());
            assertEquals(a.get(i).value(), b.get(i).value());
        }
    }

    private static List<Trial> sweepAndRead(Path space, Path results) {
        CliRunner.Result r = CliRunner.run("sweep", space.toString(), "--results", results.toString(), "--trials", "2");
        assertEquals(0, r.exitCode(), r.err());
        try (StudyStorage s = JdbcStorage.sqlite(results.resolve("digits-small/study.db"))) {
            return s.trials("digits-small");
        }
    }

    @Test
    void killedWithSigkillThenResumedEndsWithExactCount() throws Exception {
        resumeAfter(false);
    }

    @Test
    void interruptedWithCtrlCThenResumedEndsWithExactCount() throws Exception {
        resumeAfter(true);
    }

    private void resumeAfter(boolean ctrlC) throws Exception {
        // long trials (150 epochs) so that the trial seen running is still running when the
        // signal lands; the checks below still hold if it finished just before
        Path space = CliRunner.space(tmp, "digits-small.yaml", 150);
        Path results = tmp.resolve("results");
        Path db = results.resolve("digits-small/study.db");
        Process child = CliRunner.start(tmp.resolve("child.log"), "sweep", space.toString(), "--results",
                results.toString(), "--trials", "3");
        waitForRunningAfterOneFinished(db, child);
        if (ctrlC) {
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
        } else {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(180, TimeUnit.SECONDS), "child stopped");
        if (ctrlC) {
            String log = Files.readString(tmp.resolve("child.log"));
            assertTrue(log.contains("liandan: the sweep was stopped; its finished trials are kept"), log);
            assertTrue(log.contains("  liandan sweep " + space + " --results " + results + " --trials 3"), log);
        }
        Trial interrupted;
        try (StudyStorage s = JdbcStorage.sqlite(db)) {
            List<Trial> trials = s.trials("digits-small");
            if (ctrlC) {
                List<Trial> marked = trials.stream().filter(LostTrials::isInterrupted).toList();
                assertEquals(1, marked.size(), "Ctrl-C records the running trial at once: " + trials);
                interrupted = marked.get(0);
            } else {
                List<Trial> running = trials.stream().filter(t -> t.state() == TrialState.RUNNING).toList();
                assertEquals(1, running.size(), "kill -9 leaves the trial RUNNING: " + trials);
                interrupted = running.get(0);
            }
        }

        CliRunner.Result resumed = CliRunner.run("sweep", space.toString(), "--results", results.toString(),
                "--trials", "3");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("Resuming study"), resumed.out());
        try (StudyStorage s = JdbcStorage.sqlite(db)) {
            List<Trial> trials = s.trials("digits-small");
            assertEquals(3, StudyBudget.counted(trials), trials.toString());
            assertEquals(3, trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count());
            Trial after = s.trial("digits-small", interrupted.number()).orElseThrow();
            assertEquals(TrialState.FAILED, after.state());
            assertEquals(LostTrials.INTERRUPTED, after.failReason());
            Trial retry = trials.stream().filter(t -> Integer.valueOf(interrupted.number()).equals(t.retryOf()))
                    .findFirst().orElseThrow();
            assertEquals(after.params(), retry.params(), "the interrupted configuration is re-run");
            assertEquals(after.seed(), retry.seed());
            assertEquals(TrialState.COMPLETE, retry.state());
        }
    }

    /** Polls the child's study until one trial is COMPLETE and the next is RUNNING, early in its epochs. */
    private static Trial waitForRunningAfterOneFinished(Path db, Process child) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(child.isAlive(), "child sweep exited early");
            if (Files.exists(db)) {
                try (StudyStorage s = JdbcStorage.sqlite(db)) {
                    if (s.findStudy("digits-small").isPresent()) {
                        List<Trial> trials = s.trials("digits-small");
                        boolean oneDone = trials.stream().anyMatch(t -> t.state() == TrialState.COMPLETE);
                        for (Trial t : trials) {
                            int epochs = t.intermediates().size();
                            if (oneDone && t.state() == TrialState.RUNNING && epochs >= 1 && epochs <= 100) {
                                return t;
                            }
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no trial was running in time");
    }

    @Test
    void helpForEveryCommandHasExamples() {
        for (String[] args : List.of(new String[]{"--help"}, new String[]{"sweep", "--help"},
                new String[]{"leaderboard", "--help"}, new String[]{"validate", "--help"})) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(0, r.exitCode());
            assertTrue(r.out().contains("Examples:"), String.join(" ", args) + ": " + r.out());
        }
    }

    @Test
    void userMistakesExitWithCodeTwoAndOneLine() throws Exception {
        Path space = CliRunner.space(tmp, "digits-small.yaml", 2);
        CliRunner.Result zero = CliRunner.run("sweep", space.toString(), "--trials", "0", "--results", tmp.toString());
        assertEquals(2, zero.exitCode());
        assertEquals("liandan: --trials must be >= 1, got 0", zero.err().strip());
        assertFalse(Files.exists(tmp.resolve("digits-small")), "nothing created for a refused sweep");

        CliRunner.Result missing = CliRunner.run("leaderboard", "--study", "nope", "--results", tmp.toString());
        assertEquals(2, missing.exitCode());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertFalse(Files.exists(tmp.resolve("nope")), "leaderboard creates nothing");

        CliRunner.Result format = CliRunner.run("leaderboard", "--study", "x", "--format", "xml");
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("expected table, markdown, csv or json"), format.err());

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(space).replace("sampler: random", "sampler: rnadom"));
        CliRunner.Result badSampler = CliRunner.run("validate", bad.toString());
        assertEquals(2, badSampler.exitCode());
        assertTrue(badSampler.err().startsWith("liandan: " + bad + ":"), badSampler.err());
        assertTrue(badSampler.err().contains("unknown sampler 'rnadom'"), badSampler.err());
        assertEquals(1, badSampler.err().strip().lines().count(), badSampler.err());

        CliRunner.Result ok = CliRunner.run("validate", space.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertNotNull(ok.out());
        assertTrue(ok.out().contains("ok"), ok.out());
    }
}
