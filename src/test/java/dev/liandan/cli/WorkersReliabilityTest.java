package dev.liandan.cli;

import dev.liandan.study.StudyBudget;
import dev.liandan.study.LostTrials;
import dev.liandan.core.TrialState;
import dev.liandan.storage.PostgresTestDb;
import dev.liandan.storage.Storages;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many worker processes on one study, with real (cheap) DL4J trials on iris: on the real
 * PostgreSQL (workers that join with {@code liandan worker}, as from other hosts) and on SQLite
 * (the local workers of {@code liandan sweep --workers}). Exactly the budget finishes, no trial
 * number or enqueued configuration runs twice, and a worker killed with SIGKILL in the middle of
 * a trial loses nothing: its trial is reclaimed and re-run.
 */
class WorkersReliabilityTest {
    private static final Pattern FINISHED_LINE = Pattern.compile("^\\[\\d+/\\d+] trial (\\d+) ", Pattern.MULTILINE);
    private static final String STUDY = "iris-cheap";

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private String schema;

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        if (schema != null) {
            PostgresTestDb.dropSchema(schema);
        }
    }

    private String postgres() {
        schema = PostgresTestDb.createSchema();
        return PostgresTestDb.url(schema);
    }

    /** Ten distinct configurations, one JSON object a line. */
    private Path configs() throws IOException {
        Path file = tmp.resolve("configs.jsonl");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            b.append("{\"units\": ").append(4 + i).append(", \"lr\": ").append(0.001 * (i + 1)).append("}\n");
        }
        Files.writeString(file, b.toString());
        return file;
    }

    private Process worker(String storage, int i, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("worker", "--storage", storage, "--study", STUDY,
                "--results", tmp.resolve("results").toString()));
        args.addAll(List.of(extra));
        Process p = CliRunner.start(tmp.resolve("worker-" + i + ".log"), args.toArray(String[]::new));
        started.add(p);
        return p;
    }

    @Test
    void fourWorkerProcessesOnPostgresFinishExactlyTheBudgetAndRunNothingTwice() throws Exception {
        String url = postgres();
        Path space = CliRunner.space(tmp, "iris-cheap.yaml", 1, 100);
        CliRunner.Result enq = CliRunner.run("enqueue", space.toString(), "--storage", url, "--file", configs().toString());
        assertEquals(0, enq.exitCode(), enq.err());
        assertTrue(enq.out().contains("as trials 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"), enq.out());
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            worker(url, i);
            logs.add(tmp.resolve("worker-" + i + ".log"));
        }
        awaitAll(Duration.ofMinutes(6), logs);
        try (StudyStorage s = Storages.open(url)) {
            checkExactlyOnce(s.trials(STUDY), 100, logs);
        }
    }

    @Test
    void fourLocalWorkersOnSqliteFinishExactlyTheBudgetAndRunNothingTwice() throws Exception {
        Path space = CliRunner.space(tmp, "iris-cheap.yaml", 1, 100);
        Path results = tmp.resolve("results");
        CliRunner.Result enq = CliRunner.run("enqueue", space.toString(), "--results", results.toString(),
                "--file", configs().toString());
        assertEquals(0, enq.exitCode(), enq.err());
        // the user's path: one sweep, four worker processes, one progress view
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString(),
                "--workers", "4");
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        assertTrue(sweep.out().contains("100 of 100 trials finished"), sweep.out());
        List<Path> logs = IntStream.range(0, 4).mapToObj(i -> results.resolve(STUDY + "/workers/worker-" + i + ".log")).toList();
        try (StudyStorage s = Storages.open(results.resolve(STUDY + "/study.db").toString())) {
            checkExactlyOnce(s.trials(STUDY), 100, logs);
        }
    }

    /**
     * Exactly {@code budget} COMPLETE trials, numbered 0..budget-1, nothing else; the ten enqueued
     * configurations ran first, once each; and the workers' own logs, taken together, report each
     * trial finished exactly once (a trial run by two workers would be reported by both).
     */
    private static void checkExactlyOnce(List<Trial> trials, int budget, List<Path> logs) throws IOException {
        assertEquals(budget, trials.size(), "no trial beyond the budget: " + summary(trials));
        assertEquals(budget, StudyBudget.counted(trials));
        assertTrue(trials.stream().allMatch(t -> t.state() == TrialState.COMPLETE), summary(trials));
        for (int i = 0; i < 10; i++) {
            Trial t = trials.get(i);
            assertEquals(4L + i, t.params().get("units"), "enqueued configuration " + i + " is trial " + i);
            assertEquals(0.001 * (i + 1), (Double) t.params().get("lr"), 1e-12);
        }
        long enqueuedTwice = trials.stream().skip(10)
                .filter(t -> t.params().get("lr") instanceof Double lr && Math.round(lr * 1000) == lr * 1000 && lr <= 0.01)
                .count();
        assertEquals(0, enqueuedTwice, "a sampled trial with an enqueued configuration");
        List<Integer> reported = new ArrayList<>();
        Set<String> workers = new TreeSet<>();
        for (Path log : logs) {
            String text = Files.readString(log);
            Matcher m = FINISHED_LINE.matcher(text);
            int mine = 0;
            while (m.find()) {
                reported.add(Integer.parseInt(m.group(1)));
                mine++;
            }
            if (mine > 0) {
                workers.add(log.getFileName().toString());
            }
        }
        assertEquals(IntStream.range(0, budget).boxed().toList(), reported.stream().sorted().toList(),
                "each trial finished by exactly one worker");
        assertTrue(workers.size() >= 2, "the work was shared: " + workers);
        assertEquals(workers.size(), trials.stream().map(Trial::worker).distinct().count());
    }

    @Test
    void aWorkerKilledMidTrialOnPostgresLosesItAfterTheGraceAndTheStudyStillEndsExact() throws Exception {
        String url = postgres();
        Path space = CliRunner.space(tmp, "iris-cheap.yaml", 100, 6);
        CliRunner.Result created = CliRunner.run("enqueue", space.toString(), "--storage", url,
                "--params", "{\"units\": 16, \"lr\": 0.01}");
        assertEquals(0, created.exitCode(), created.err());
        Map<String, Process> byId = new HashMap<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // names, not host/pid: as if each worker ran on a host of its own, so only the
            // heartbeat can tell that one is gone
            byId.put("w" + i, worker(url, i, "--worker-id", "w" + i, "--heartbeat-grace", "5"));
            logs.add(tmp.resolve("worker-" + i + ".log"));
        }
        killMidTrialAndCheck(url, byId, logs, LostTrials.WORKER_LOST, Duration.ofSeconds(5));
    }

    @Test
    void aLocalWorkerKilledMidTrialOnSqliteIsSeenGoneAndTheStudyStillEndsExact() throws Exception {
        Path space = CliRunner.space(tmp, "iris-cheap.yaml", 100, 6);
        Path results = tmp.resolve("results");
        Path db = results.resolve(STUDY + "/study.db");
        CliRunner.Result created = CliRunner.run("enqueue", space.toString(), "--results", results.toString(),
                "--params", "{\"units\": 16, \"lr\": 0.01}");
        assertEquals(0, created.exitCode(), created.err());
        Map<String, Process> byId = new HashMap<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Process p = worker(db.toString(), i, "--heartbeat-grace", "5");
            byId.put(dev.liandan.study.WorkerId.current().replaceAll("/\\d+$", "/" + p.pid()), p);
            logs.add(tmp.resolve("worker-" + i + ".log"));
        }
        // a process of this host that is gone is seen at once, without waiting for the grace period
        killMidTrialAndCheck(db.toString(), byId, logs, LostTrials.INTERRUPTED, Duration.ZERO);
    }

    private void killMidTrialAndCheck(String storage, Map<String, Process> byId, List<Path> logs, String reason,
                                      Duration grace) throws Exception {
        Trial victim = null;
        List<Integer> completeBefore;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        try (StudyStorage s = Storages.open(storage)) {
            while (victim == null) {
                assertTrue(Instant.now().isBefore(deadline), "no trial was running in time");
                for (Trial t : s.trials(STUDY)) {
                    if (t.state() == TrialState.RUNNING && t.intermediates().size() >= 2 && byId.containsKey(t.worker())) {
                        victim = t;
                        break;
                    }
                }
                Thread.sleep(50);
            }
            byId.get(victim.worker()).destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
            assertTrue(byId.get(victim.worker()).waitFor(30, TimeUnit.SECONDS));
            completeBefore = s.trials(STUDY).stream().filter(t -> t.state() == TrialState.COMPLETE)
                    .map(Trial::number).toList();
        }
        awaitAll(Duration.ofMinutes(6), logs);
        try (StudyStorage s = Storages.open(storage)) {
            List<Trial> trials = s.trials(STUDY);
            assertEquals(6, StudyBudget.counted(trials), summary(trials));
            assertEquals(6, trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count(), summary(trials));
            Trial lost = s.trial(STUDY, victim.number()).orElseThrow();
            assertEquals(TrialState.FAILED, lost.state());
            assertEquals(reason, lost.failReason());
            assertNotNull(lost.heartbeat());
            assertFalse(lost.finishedAt().isBefore(lost.heartbeat().plus(grace)),
                    "reclaimed only once its heartbeat was older than the grace period: " + lost);
            int number = lost.number();
            List<Trial> retries = trials.stream().filter(t -> Integer.valueOf(number).equals(t.retryOf())).toList();
            assertEquals(1, retries.size(), "re-run once: " + summary(trials));
            assertEquals(lost.params(), retries.get(0).params());
            assertEquals(lost.seed(), retries.get(0).seed());
            assertEquals(TrialState.COMPLETE, retries.get(0).state());
            for (int n : completeBefore) {
                assertEquals(TrialState.COMPLETE, s.trial(STUDY, n).orElseThrow().state(), "finished trial " + n + " kept");
            }
            // On a badly overloaded machine a live worker's heartbeat can be late too and its
            // trial taken as lost: wasted work, never a wrong count. Each lost trial is re-run once.
            List<Trial> lostOnes = trials.stream().filter(LostTrials::isLost).toList();
            assertEquals(6 + lostOnes.size(), trials.size(), summary(trials));
            for (Trial l : lostOnes) {
                assertEquals(1, trials.stream().filter(t -> Integer.valueOf(l.number()).equals(t.retryOf())).count(),
                        summary(trials));
            }
        }
    }

    private void awaitAll(Duration limit, List<Path> logs) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        for (Process p : started) {
            long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            if (!p.waitFor(left, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("workers still running after " + limit + ":\n" + tails(logs));
            }
        }
        for (int i = 0; i < started.size(); i++) {
            int code = started.get(i).exitValue();
            // a killed worker exits 137
            assertTrue(code == 0 || code == 137, "worker " + i + " exited " + code + ":\n" + tails(logs));
        }
    }

    private static String tails(List<Path> logs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path log : logs) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            b.append(log.getFileName()).append(":\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()))).append('\n');
        }
        return b.toString();
    }

    private static String summary(List<Trial> trials) {
        return trials.stream().map(t -> t.number() + ":" + t.state() + (t.failReason() == null ? "" : "(" + t.failReason() + ")")
                + (t.retryOf() == null ? "" : "<-" + t.retryOf())).collect(Collectors.joining(" "));
    }
}
