package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.JdbcStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The study's wall-time budget and a trial reclaimed while it ran, through the real worker loop on
 * a real SQLite file, with a cheap backend (a short sleep instead of training).
 */
class StudyRunnerBudgetTest {
    @TempDir
    Path dir;

    StudySpec spec(int trials, String extraSearch) throws IOException {
        Path file = dir.resolve("cheap.yaml");
        Files.writeString(file, """
                study: cheap
                data: {path: %s, label: label, validation: 0.3, test: 0.0, split_seed: 1}
                training:
                  epochs: 1
                  lr: {float: [1.0e-3, 1.0e-1], log: true}
                objective: {metric: val_accuracy}
                search: {sampler: random, trials: %d, seed: 5%s}
                """.formatted(Path.of("data/iris.csv").toAbsolutePath(), trials, extraSearch));
        return SpaceFileParser.parse(file);
    }

    /** A trial that takes {@code millis} and completes with its lr as the value. */
    static TrialBackend sleeping(long millis) {
        return request -> {
            Thread.sleep(millis);
            return new TrialOutcome(TrialState.COMPLETE, ((Number) request.params().get("lr")).doubleValue(),
                    Map.of(), 1, null);
        };
    }

    JdbcStorage storage() {
        return JdbcStorage.sqlite(dir.resolve("study.db"));
    }

    /** The runner hands each trial its folder's path; only a backend that writes there creates it. */
    @Test
    void aTrialThatWritesNothingLeavesNoFolder() throws IOException {
        List<Path> given = new ArrayList<>();
        TrialBackend writesOnlyTrialTwo = request -> {
            given.add(request.artifactDir());
            if (request.number() == 2) {
                Files.createDirectories(request.artifactDir());
                Files.writeString(request.artifactDir().resolve("model.txt"), "kept");
            }
            return new TrialOutcome(TrialState.COMPLETE, 0.5, Map.of(), 1, null);
        };
        try (JdbcStorage storage = storage()) {
            new StudyRunner(storage, writesOnlyTrialTwo, dir.resolve("r"), new StudyListener() {
            }).run(spec(4, ""), 4);
        }
        assertEquals(List.of(0, 1, 2, 3).stream().map(n -> dir.resolve("r/trials/" + n)).toList(), given);
        try (var folders = Files.list(dir.resolve("r/trials"))) {
            assertEquals(List.of(dir.resolve("r/trials/2")), folders.toList());
        }
        assertEquals("kept", Files.readString(dir.resolve("r/trials/2/model.txt")));
    }

    @Test
    void noTrialStartsAfterTheTimeBudgetAndTheRunningOneFinishes() throws IOException {
        StudySpec spec = spec(1000, ", time_budget: 2s");
        try (JdbcStorage storage = storage()) {
            StudyResult result = new StudyRunner(storage, sleeping(300), dir.resolve("r"), new StudyListener() {
            }).run(spec, 1000);
            assertEquals(StopReason.TIME_BUDGET, result.stopReason());
            List<Trial> trials = storage.trials("cheap");
            assertTrue(result.finished() >= 1 && result.finished() < 1000, "finished " + result.finished());
            assertEquals(trials.size(), result.finished());
            Instant end = StudyBudget.firstStart(trials).plusSeconds(2);
            for (Trial t : trials) {
                assertEquals(TrialState.COMPLETE, t.state(), "a trial running when the budget passed finishes");
                assertTrue(t.startedAt().isBefore(end), "trial " + t.number() + " started after the budget");
            }
            // the budget is stored with the study: a resumed sweep or a joining worker stops at once
            StudyResult again = new StudyRunner(storage, sleeping(300), dir.resolve("r"), new StudyListener() {
            }).run(JoinStudy.spec(storage, "cheap", null, null), 1000);
            assertEquals(StopReason.TIME_BUDGET, again.stopReason());
            assertEquals(0, again.ranThisRun());
            assertEquals(trials, storage.trials("cheap"));
        }
    }

    @Test
    void aTimeBudgetGivenOnTheCommandLineReachesJoiningWorkersAndCanBeDropped() throws IOException {
        StudySpec spec = spec(3, "");
        try (JdbcStorage storage = storage()) {
            StudySetup.prepare(storage, spec.withSearch(spec.search().withTimeBudget(Duration.ofMinutes(90))));
            assertEquals(Duration.ofMinutes(90), JoinStudy.spec(storage, "cheap", null, null).search().timeBudget());
            StudySetup.prepare(storage, spec);
            assertNull(JoinStudy.spec(storage, "cheap", null, null).search().timeBudget());
        }
    }

    /**
     * Another worker reclaims trial 0 while it runs here (what it does to a trial whose heartbeat
     * it finds older than the grace period): this worker's finish changes nothing, it says so in
     * one line, the trial is re-run with its seed, and exactly the budget counts.
     */
    @Test
    void aTrialReclaimedWhileRunningIsReportedOnceAndNotCounted() throws IOException {
        StudySpec spec = spec(3, "");
        List<String> lines = new ArrayList<>();
        List<Trial> told = new ArrayList<>();
        try (JdbcStorage storage = storage(); JdbcStorage otherWorker = storage()) {
            TrialBackend backend = request -> {
                if (request.number() == 0) {
                    assertTrue(otherWorker.finishTrial("cheap", 0, TrialState.FAILED, null, Map.of(), 0,
                            LostTrials.WORKER_LOST));
                }
                return sleeping(1).run(request);
            };
            StudyResult result = new StudyRunner(storage, backend, dir.resolve("r"), new StudyListener() {
                @Override
                public void trialFinished(Trial trial, int finished, Double best) {
                    told.add(trial);
                }
            }).withLog(lines::add).run(spec, 3);
            assertEquals(1, lines.size(), "one line: " + lines);
            assertTrue(lines.get(0).contains("trial 0 ") && lines.get(0).contains("worker lost")
                    && lines.get(0).contains("dropped"), lines.get(0));
            assertEquals(3, result.finished());
            assertEquals(3, result.ranThisRun(), "the reclaimed trial is not counted as run");
            assertEquals(StopReason.BUDGET, result.stopReason());
            List<Trial> trials = storage.trials("cheap");
            assertEquals(4, trials.size());
            assertEquals(LostTrials.WORKER_LOST, trials.get(0).failReason());
            Trial retry = trials.get(1);
            assertEquals(0, retry.retryOf());
            assertEquals(trials.get(0).seed(), retry.seed());
            assertEquals(TrialState.COMPLETE, retry.state());
            assertEquals(List.of(1, 2, 3), told.stream().map(Trial::number).toList());
            assertFalse(told.stream().anyMatch(t -> t.state() != TrialState.COMPLETE));
            assertEquals(3, StudyBudget.counted(trials));
        }
    }

    /**
     * The heartbeat comes from its own thread: a trial whose training thread reports nothing for
     * 2 s (no epoch, no storage call) still has its heartbeat written while it runs, and no other
     * worker could take it for lost.
     */
    @Test
    void heartbeatsGoOnWhileTheTrainingThreadIsBusy() throws IOException {
        StudySpec spec = spec(1, "");
        try (JdbcStorage storage = storage(); JdbcStorage otherWorker = storage()) {
            List<Boolean> reclaimed = new ArrayList<>();
            TrialBackend busy = request -> {
                long until = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // busy, as a training step is
                }
                // what another worker with a 2 s grace would do now
                reclaimed.add(otherWorker.failIfStale("cheap", request.number(), Instant.now().minusSeconds(2),
                        LostTrials.WORKER_LOST));
                return sleeping(1).run(request);
            };
            new StudyRunner(storage, busy, dir.resolve("r"), new StudyListener() {
            }).withHeartbeatGrace(Duration.ofSeconds(2)).withLog(line -> reclaimed.add(true)).run(spec, 1);
            Trial t = storage.trial("cheap", 0).orElseThrow();
            assertEquals(TrialState.COMPLETE, t.state());
            assertEquals(List.of(false), reclaimed);
            assertTrue(t.heartbeat().isAfter(t.startedAt()), "a heartbeat was written while the trial ran");
        }
    }

    /**
     * Heartbeats have a storage connection of their own: a trial whose storage call is stuck for
     * 2 s (here the training thread holds the storage's monitor, as a call waiting out SQLite's
     * busy time-out does) still has its heartbeat written, and no other worker takes it for lost.
     */
    @Test
    void heartbeatsGoOnWhileAStorageCallIsStuck() throws IOException {
        StudySpec spec = spec(1, "");
        try (JdbcStorage storage = storage(); JdbcStorage otherWorker = storage()) {
            List<Boolean> reclaimed = new ArrayList<>();
            TrialBackend stuck = request -> {
                synchronized (storage) {
                    long until = System.nanoTime() + 2_000_000_000L;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
                reclaimed.add(otherWorker.failIfStale("cheap", request.number(), Instant.now().minusSeconds(2),
                        LostTrials.WORKER_LOST));
                return sleeping(1).run(request);
            };
            new StudyRunner(storage, stuck, dir.resolve("r"), new StudyListener() {
            }).withHeartbeatGrace(Duration.ofSeconds(2)).withLog(line -> reclaimed.add(true)).run(spec, 1);
            Trial t = storage.trial("cheap", 0).orElseThrow();
            assertEquals(TrialState.COMPLETE, t.state());
            assertEquals(List.of(false), reclaimed);
        }
    }

    @Test
    void theGracePeriodHoldsSeveralHeartbeats() {
        StudyRunner runner = new StudyRunner(null, null, dir, new StudyListener() {
        });
        assertEquals(Duration.ofSeconds(5), runner.heartbeatEvery(), "default grace 60 s: every 5 s");
        assertEquals(Duration.ofMillis(400), runner.withHeartbeatGrace(Duration.ofSeconds(2)).heartbeatEvery());
        assertTrue(StudyRunner.DEFAULT_HEARTBEAT_GRACE.compareTo(Heartbeat.EVERY.multipliedBy(10)) >= 0);
    }
}
