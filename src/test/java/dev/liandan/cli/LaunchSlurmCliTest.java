package dev.liandan.cli;

import dev.liandan.core.TrialState;
import dev.liandan.storage.PostgresTestDb;
import dev.liandan.storage.Storages;
import dev.liandan.study.LostTrials;
import dev.liandan.study.StudyBudget;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code liandan launch slurm} against a real Slurm: the one-node cluster that {@code .ci/slurm-up.sh}
 * makes on 127.0.0.1, with the CI PostgreSQL as the study's storage. Trials are cheap shell commands,
 * so what is tested is the hand-over to Slurm and the reclaim of a cancelled task's trial.
 */
@Timeout(600)
class LaunchSlurmCliTest {
    private static final Pattern SUBMITTED = Pattern.compile("Submitted Slurm job (\\d+)");
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsSlurm() {
        assumeTrue(onPath("sbatch") && onPath("squeue") && onPath("scancel"),
                "no sbatch/squeue/scancel on PATH: these tests need a Slurm cluster (.ci/slurm-up.sh makes one here)");
    }

    @Test
    void twoArrayTasksFinishExactlyTheBudget() throws Exception {
        String schema = PostgresTestDb.createSchema();
        String url = PostgresTestDb.url(schema);
        String job = null;
        try {
            Path space = space("slurm-two", 30, "0.2");
            CliRunner.Result launch = CliRunner.run("launch", "slurm", space.toString(), "--workers", "2",
                    "--storage", url, "--results", tmp.resolve("results").toString(), "--heartbeat-grace", "5");
            assertEquals(0, launch.exitCode(), launch.err());
            job = jobId(launch.out());
            assertTrue(Files.isRegularFile(tmp.resolve("results/slurm-two/slurm/slurm-two.sbatch")), launch.out());
            CliRunner.Result status = CliRunner.run("status", "--study", "slurm-two", "--storage", url);
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().contains("Slurm job " + job + ": "), status.out());

            awaitGone(job, Duration.ofMinutes(6));
            try (StudyStorage s = Storages.open(url)) {
                List<Trial> trials = s.trials("slurm-two");
                assertEquals(30, trials.size(), "no trial more, none less: " + trials);
                assertEquals(30, count(trials, t -> t.state() == TrialState.COMPLETE), trials.toString());
                String prefix = "slurm-" + job + "_";
                assertTrue(trials.stream().allMatch(t -> t.worker().equals(prefix + 0) || t.worker().equals(prefix + 1)),
                        "every trial ran in a task of the job: " + trials.stream().map(Trial::worker).distinct().toList());
            }
            assertTrue(Files.isRegularFile(tmp.resolve("results/slurm-two/slurm/slurm-" + job + "_0.log")));
            CliRunner.Result after = CliRunner.run("status", "--study", "slurm-two", "--storage", url);
            assertTrue(after.out().contains("Slurm job " + job + ": not in the queue"), after.out());
        } finally {
            cancel(job);
            PostgresTestDb.dropSchema(schema);
        }
    }

    @Test
    void aCancelledTaskIsALostWorkerWhoseTrialIsReRun() throws Exception {
        String schema = PostgresTestDb.createSchema();
        String url = PostgresTestDb.url(schema);
        String job = null;
        try {
            Path space = space("slurm-cancel", 6, "3");
            CliRunner.Result launch = CliRunner.run("launch", "slurm", space.toString(), "--workers", "2",
                    "--storage", url, "--results", tmp.resolve("results").toString(), "--heartbeat-grace", "3");
            assertEquals(0, launch.exitCode(), launch.err());
            job = jobId(launch.out());
            String task1 = "slurm-" + job + "_1";
            Trial victim = null;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            try (StudyStorage s = Storages.open(url)) {
                while (victim == null) {
                    assertTrue(Instant.now().isBefore(deadline), "task 1 started no trial in time");
                    victim = s.trials("slurm-cancel").stream()
                            .filter(t -> t.state() == TrialState.RUNNING && t.worker().equals(task1))
                            .findFirst().orElse(null);
                    Thread.sleep(100);
                }
            }
            assertEquals(0, new ProcessBuilder("scancel", job + "_1").inheritIO().start().waitFor());
            awaitGone(job, Duration.ofMinutes(6));
            try (StudyStorage s = Storages.open(url)) {
                List<Trial> trials = s.trials("slurm-cancel");
                int number = victim.number();
                Trial lost = trials.stream().filter(t -> t.number() == number).findFirst().orElseThrow();
                assertTrue(LostTrials.isLost(lost), "the cancelled task's trial is a lost worker's: " + lost);
                Trial rerun = trials.stream().filter(t -> Integer.valueOf(number).equals(t.retryOf()))
                        .findFirst().orElseThrow(() -> new AssertionError("not re-run: " + trials));
                assertEquals(TrialState.COMPLETE, rerun.state(), rerun.toString());
                assertEquals(lost.params(), rerun.params());
                assertEquals(6, StudyBudget.counted(trials), trials.toString());
                assertEquals(6, count(trials, t -> t.state() == TrialState.COMPLETE), trials.toString());
                assertEquals(7, trials.size(), "six that count and the lost one: " + trials);
            }
        } finally {
            cancel(job);
            PostgresTestDb.dropSchema(schema);
        }
    }

    @Test
    void aBadPartitionIsOneClearLine() throws Exception {
        String schema = PostgresTestDb.createSchema();
        try {
            Path space = space("slurm-bad", 2, "0");
            CliRunner.Result launch = CliRunner.run("launch", "slurm", space.toString(), "--workers", "2",
                    "--storage", PostgresTestDb.url(schema), "--results", tmp.resolve("results").toString(),
                    "--partition", "no_such_partition");
            assertEquals(2, launch.exitCode(), launch.out() + launch.err());
            assertEquals(1, launch.err().strip().lines().count(), launch.err());
            assertTrue(launch.err().startsWith("liandan: sbatch refused the job: ")
                    && launch.err().toLowerCase().contains("partition"), launch.err());
        } finally {
            PostgresTestDb.dropSchema(schema);
        }
    }

    /**
     * A study of cheap command trials: each sleeps a moment and reports x as its loss. The report
     * depends on the sleep ({@code &&}): scancel signals every process of the task, and a program
     * whose sleep was killed must not go on to report a loss as if it had finished.
     */
    private Path space(String study, int trials, String sleep) throws IOException {
        Path file = tmp.resolve(study + ".yaml");
        Files.writeString(file, """
                study: NAME
                params:
                  x: {float: [0.0, 1.0]}
                objective: {metric: loss, direction: minimize}
                search: {sampler: random, trials: TRIALS, seed: 7}
                trial:
                  command: [sh, -c, "sleep SLEEP && echo liandan: final loss={x}"]
                  timeout: 120
                """.replace("NAME", study).replace("TRIALS", Integer.toString(trials)).replace("SLEEP", sleep));
        return file;
    }

    private static String jobId(String out) {
        Matcher m = SUBMITTED.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static long count(List<Trial> trials, Predicate<Trial> p) {
        return trials.stream().filter(p).count();
    }

    /** Waits until squeue no longer lists the job (every task ended). */
    private static void awaitGone(String job, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            Process p = new ProcessBuilder("squeue", "-h", "-j", job).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            if (out.isBlank() || out.contains("Invalid job id")) {
                return;
            }
            assertTrue(Instant.now().isBefore(deadline), "job " + job + " still queued: " + out);
            Thread.sleep(500);
        }
    }

    private static void cancel(String job) throws Exception {
        if (job != null) {
            new ProcessBuilder("scancel", job).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
