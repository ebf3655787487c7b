package dev.liandan.study;

import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes on this host: N child JVMs, each running {@code liandan worker} on the same
 * study, each with its share of the cores ({@code OMP_NUM_THREADS}) and, where GPUs are named,
 * its own device ({@code CUDA_VISIBLE_DEVICES}). Processes, not threads: DL4J trials in threads
 * of one JVM barely speed up and a native crash would take every trial down (see the DL4J notes).
 *
 * <p>The workers coordinate through storage only; this class starts them, shows their progress
 * by polling storage, and stops them: SIGTERM first, so that each records its running trial as
 * interrupted, then SIGKILL for one that does not stop in time.
 */
public final class LocalWorkers implements AutoCloseable {
    /** How long a worker may take to record its trial and exit after SIGTERM. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    static final Duration POLL_EVERY = Duration.ofMillis(500);
    /** A worker JVM's heap when the parent was given none: the DL4J notes found 256 MB enough for small nets. */
    static final String DEFAULT_HEAP = "-Xmx1g";
    /**
     * A worker JVM's garbage collector when the parent chose none. ND4J makes several short-lived
     * Java objects per array and per op; under G1 (the JVM's default on two or more cores) a trial
     * of the digits MLP cost 10–30% more CPU per epoch than under the serial collector, which
     * also has no collector threads to wait for a core on a busy machine; the parallel collector
     * measured no better than G1 there (bench/RESULTS.md, "Trial speed"). A worker trains one
     * single-threaded trial at a time, the case the serial collector is made for.
     */
    static final String DEFAULT_GC = "-XX:+UseSerialGC";

    /**
     * @param count     how many worker processes
     * @param gpus      device ids, handed out in turn ({@code CUDA_VISIBLE_DEVICES}); empty for none
     * @param mainClass the class whose {@code main} takes the liandan command line
     * @param args      the command line of every worker ({@code worker --study ...})
     * @param logDir    where {@code worker-<i>.log} files go
     */
    public record Plan(int count, List<String> gpus, String mainClass, List<String> args, Path logDir) {
        public Plan {
            if (count < 1) {
                throw new UserError("--workers must be >= 1, got " + count);
            }
            checkGpus(gpus);
            gpus = List.copyOf(gpus);
            args = List.copyOf(args);
        }
    }

    /** A device id as CUDA_VISIBLE_DEVICES takes it: an index, or a GPU-/MIG- UUID as nvidia-smi -L prints it. */
    private static final java.util.regex.Pattern GPU_ID =
            java.util.regex.Pattern.compile("\\d{1,4}|(GPU|MIG)-[0-9A-Za-z/-]+");

    /** Refuses ids CUDA would not know: a user error naming the first. */
    public static void checkGpus(List<String> gpus) {
        for (String g : gpus) {
            if (g.isBlank()) {
                throw new UserError("--gpus: expected device ids separated by commas (0,1,...), got an empty one");
            }
            if (!GPU_ID.matcher(g).matches()) {
                throw new UserError("--gpus: expected device ids separated by commas (0,1,... or GPU-/MIG- UUIDs "
                        + "as nvidia-smi -L prints them), got '" + g + "'");
            }
        }
    }

    /** How the workers ended: exit codes by worker, the log of each, and the study as they left it. */
    public record Ended(List<Integer> exitCodes, List<Path> logs, StudyResult result) {
        public boolean allOk() {
            return exitCodes.stream().allMatch(c -> c == 0);
        }
    }

    private final Plan plan;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final Thread hook = new Thread(this::stop, "liandan-stop-workers");
    private boolean hooked;

    private LocalWorkers(Plan plan) {
        this.plan = plan;
    }

    /** Memory a DL4J worker process may take: its heap ({@value #DEFAULT_HEAP}) and about as much native memory. */
    static final long WORKER_MEMORY_BYTES = 2L << 30;

    /**
     * How a sweep runs its trials on this host: {@code workers} processes of {@code threads} each
     * (one worker: in the sweep's own process).
     */
    public record Choice(int workers, int threads, String why) {
        /** The one line a sweep prints about it. */
        public String line() {
            // a dl4j trial takes fewer threads than its share when its network is small (TrialThreads)
            return (workers == 1 ? "1 worker (this process)" : workers + " worker processes") + ", "
                    + (threads == 1 ? "1 thread" : "up to " + threads + " threads") + (workers == 1 ? "" : " each")
                    + ": " + why;
        }
    }

    /**
     * The local workers of a sweep. DL4J trials of small networks gain little from a second
     * thread and lose much when cores are contended (bench/RESULTS.md, "Trial speed"), so N
     * single-threaded trials at once finish N times the trials of one N-threaded trial: a dl4j
     * study gets one worker per core, as many as its trials and the memory allow. Command
     * trials pick their own threads and devices, so they stay in one process unless told.
     *
     * @param requested    {@code --workers}, or null
     * @param gpus         GPUs named with {@code --gpus} (one worker each when not told otherwise)
     * @param trainsInJvm  whether trials train in the worker's JVM (the dl4j backend)
     * @param trials       the study's trial budget
     * @param cores        the cores this sweep may use ({@link #cores()})
     * @param memoryBytes  the host's physical memory
     */
    public static Choice choose(Integer requested, int gpus, boolean trainsInJvm, int trials, int cores, long memoryBytes) {
        if (requested != null) {
            return new Choice(requested, threadsPerWorker(cores, requested), "as --workers says");
        }
        if (gpus > 0) {
            return new Choice(gpus, threadsPerWorker(cores, gpus), "one per GPU");
        }
        if (!trainsInJvm) {
            return new Choice(1, cores, "command trials choose their own threads (--workers N to run N at once)");
        }
        long byMemory = Math.max(1, memoryBytes / WORKER_MEMORY_BYTES);
        int n = (int) Math.max(1, Math.min(Math.min(cores, trials), byMemory));
        if (n == 1) {
            String why = cores == 1 ? "one core" : trials == 1 ? "one trial" : "memory for one worker";
            return new Choice(1, cores, why);
        }
        return new Choice(n, threadsPerWorker(cores, n),
                "one single-threaded trial per core trains faster than one trial on every core (--workers 1 for one sequential run)");
    }

    /** The cores a sweep may use: {@code OMP_NUM_THREADS} when it is a positive number, else every core. */
    public static int cores() {
        return cores(System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
    }

    static int cores(String ompNumThreads, int processors) {
        if (ompNumThreads != null) {
            try {
                int n = Integer.parseInt(ompNumThreads.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // OpenMP itself ignores a value it cannot read; so do we
            }
        }
        return Math.max(1, processors);
    }

    /** The host's physical memory in bytes. */
    public static long memoryBytes() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    /** OMP threads per worker: an equal share of the cores, at least one. */
    public static int threadsPerWorker(int cores, int workers) {
        return Math.max(1, cores / workers);
    }

    /** Starts the workers; Ctrl-C of this JVM stops them (their trials are recorded interrupted). */
    public static LocalWorkers start(Plan plan) {
        LocalWorkers w = new LocalWorkers(plan);
        try {
            Files.createDirectories(plan.logDir());
            Runtime.getRuntime().addShutdownHook(w.hook);
            w.hooked = true;
            int threads = threadsPerWorker(cores(), plan.count());
            for (int i = 0; i < plan.count(); i++) {
                Path log = plan.logDir().resolve("worker-" + i + ".log");
                ProcessBuilder pb = new ProcessBuilder(command(plan))
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                Map<String, String> env = pb.environment();
                env.put("OMP_NUM_THREADS", Integer.toString(threads));
                if (!plan.gpus().isEmpty()) {
                    env.put("CUDA_VISIBLE_DEVICES", plan.gpus().get(i % plan.gpus().size()));
                }
                w.logs.add(log);
                w.processes.add(pb.start());
            }
            return w;
        } catch (IOException e) {
            w.close();
            throw new UserError("cannot start worker processes: " + e.getMessage(), e);
        }
    }

    /** {@code java [heap and -D options of this JVM] -cp <this class path> mainClass args... --exit-with <pid>}. */
    static List<String> command(Plan plan) {
        List<String> cmd = jvm(plan.mainClass());
        cmd.addAll(plan.args());
        // a worker whose parent is gone (kill -9 of the sweep) stops too, recording its trial
        cmd.add("--exit-with");
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        return cmd;
    }

    /**
     * {@code java [heap and -D options of this JVM] -cp <this class path, absolute> mainClass}: a
     * worker JVM like this one, wherever it starts (a Slurm task starts in the submit folder, but
     * need not).
     */
    public static List<String> jvm(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.add("-cp");
        cmd.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty()).map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        cmd.add(mainClass);
        return cmd;
    }

    /**
     * The options a worker JVM takes from its parent's {@code parent}: memory, system properties and
     * {@code -XX:} flags carry over (debug agents, a port each, do not); {@value #DEFAULT_HEAP} and
     * {@value #DEFAULT_GC} where the parent chose no heap or collector.
     */
    static List<String> jvmOptions(List<String> parent) {
        List<String> out = new ArrayList<>();
        boolean heap = false;
        boolean gc = false;
        for (String a : parent) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss") || a.startsWith("-D")
                    || a.startsWith("-XX:")) {
                out.add(a);
                heap |= a.startsWith("-Xmx");
                gc |= a.startsWith("-XX:+Use") && a.endsWith("GC");
            }
        }
        if (!heap) {
            out.add(DEFAULT_HEAP);
        }
        if (!gc) {
            out.add(DEFAULT_GC);
        }
        return out;
    }

    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /**
     * Shows progress until every worker has exited: reads the study every half second and tells
     * {@code listener} of each trial that finished (COMPLETE, PRUNED, or FAILED on its own), and
     * of the study's end.
     */
    public Ended await(StudyStorage storage, StudySpec spec, int budget, StudyListener listener) {
        String name = spec.name();
        TrialCache cache = new TrialCache(storage, name); // each poll reads only the new and unfinished trials
        List<Trial> trials = cache.refresh();
        Set<Integer> seen = new HashSet<>();
        for (Trial t : trials) {
            if (t.state().finished()) {
                seen.add(t.number());
            }
        }
        int finishedBefore = seen.size();
        listener.studyStarted(name, budget, StudyBudget.counted(trials),
                Ranking.best(trials, spec.objective().direction()).map(Trial::value).orElse(null));
        boolean alive = true;
        while (alive) {
            alive = false;
            for (Process p : processes) {
                alive |= p.isAlive();
            }
            trials = cache.refresh();
            int counted = StudyBudget.counted(trials);
            Double best = Ranking.best(trials, spec.objective().direction()).map(Trial::value).orElse(null);
            for (Trial t : trials) {
                if (t.state().finished() && seen.add(t.number()) && !LostTrials.isLost(t)) {
                    listener.trialFinished(t, counted, best);
                }
            }
            if (alive) {
                try {
                    Thread.sleep(POLL_EVERY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<Integer> codes = new ArrayList<>();
        for (Process p : processes) {
            codes.add(p.isAlive() ? -1 : p.exitValue());
        }
        trials = cache.refresh();
        int ran = (int) trials.stream().filter(t -> t.state().finished()).count() - finishedBefore;
        StudyResult result = StudyResult.of(name, budget, trials, ran, spec.objective().direction(),
                StudyBudget.counted(trials) < budget && StopRules.reason(spec, trials).isPresent()
                        ? StopRules.reason(spec, trials).get()
                        : StudyBudget.stopReason(budget, spec.search().timeBudget(), trials, java.time.Instant.now()));
        listener.studyEnded(result);
        return new Ended(codes, List.copyOf(logs), result);
    }

    /** Waits up to {@code limit} for every worker to exit; their exit codes (-1: still running). */
    public List<Integer> awaitExit(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Integer> codes = new ArrayList<>();
        for (Process p : processes) {
            boolean done = p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            codes.add(done ? p.exitValue() : -1);
        }
        return codes;
    }

    /** The last non-blank line of a worker's log: its error, when it failed. */
    public static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
        return "(empty log)";
    }

    /** SIGTERM to each live worker, then SIGKILL to those still alive after {@link #STOP_GRACE}. */
    public synchronized void stop() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process p : processes) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        if (hooked) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            hooked = false;
        }
    }
}
