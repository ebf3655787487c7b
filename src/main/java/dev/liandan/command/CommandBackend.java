package dev.liandan.command;

import dev.liandan.core.TrialState;
import dev.liandan.space.TrialSpec;
import dev.liandan.core.UserError;
import dev.liandan.study.EpochListener;
import dev.liandan.study.TrialBackend;
import dev.liandan.study.TrialOutcome;
import dev.liandan.study.TrialRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@code command} trial backend: runs any program as a trial (a PyTorch script on a GPU, say),
 * hands it the params (arguments, environment, a JSON file: {@link Launch}) and reads the metrics
 * it prints ({@link MetricLine}).
 *
 * <ul>
 *   <li>Each epoch line whose objective is a finite number goes to the request's listener at
 *   once; when the listener answers false, the program's whole process tree is stopped (SIGTERM,
 *   then SIGKILL after {@code trial.grace}) and the trial is PRUNED with that epoch's values.</li>
 *   <li>The outcome's metrics are the last epoch line's values, overlaid by the final line's (if
 *   any); its value is the objective among them. So a program that prints only epoch lines is
 *   scored by its last epoch; one that wants its best epoch scored prints a final line.</li>
 *   <li>FAILED, with the last {@value #TAIL_LINES} lines of output in the reason: a non-zero
 *   exit, a time-out ({@code trial.timeout}), an objective that is NaN or infinite, or no
 *   objective at all. A non-finite value of another metric is left out of the metrics.</li>
 *   <li>The merged stdout and stderr are kept in {@code output.log} in the trial's artifact folder,
 *   next to {@code params.json}.</li>
 * </ul>
 * A program that cannot be started at all (no such file) is a mistake in the space file: a
 * {@link UserError}, which stops the sweep, since every trial would fail the same way.
 */
public final class CommandBackend implements TrialBackend {
    static final int TAIL_LINES = 5;
    private static final int TAIL_LINE_CHARS = 240;
    /** How long the output may keep coming after the program has exited or been stopped. */
    private static final long DRAIN_MS = 5_000;
    /** Programs running now, stopped if this JVM is told to exit (Ctrl-C, kill) before they end. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /** How often a silent trial's process is checked for having exited. */
    private static final long QUIET_NS = TimeUnit.SECONDS.toNanos(1);
    private static volatile boolean hookInstalled;

    @Override
    public TrialOutcome run(TrialRequest request) throws IOException, InterruptedException {
        TrialSpec trial = request.spec().trial();
        if (trial == null) {
            throw new IllegalArgumentException("study '" + request.spec().name() + "' has no trial: section");
        }
        Path dir = request.artifactDir();
        Launch launch = Launch.prepare(request);
        ProcessBuilder pb = new ProcessBuilder(TrialGroup.wrap(launch.command()))
                .directory(trial.workdir().toFile())
                .redirectErrorStream(true);
        launch.applyTo(pb.environment());
        if (TrialGroup.available() && TrialGroup.find(launch.command().get(0), pb.environment().get("PATH"), trial.workdir()).isEmpty()) {
            // the wrapping shell would start and fail each trial: say it once, as starting it directly would
            throw cannotStart(trial, launch, "no such executable file (looked in the PATH for a bare name)");
        }

        LinkedBlockingQueue<MetricLine> queue = new LinkedBlockingQueue<>();
        try (OutputStream log = Files.newOutputStream(dir.resolve(Launch.LOG_FILE))) {
            Process process = start(pb, trial, launch);
            RUNNING.add(process);
            process.getOutputStream().close(); // nothing to read on stdin: a prompt gets end-of-file, not a hang
            installHook();
            OutputPump pump = new OutputPump(process.getInputStream(), log, queue, TAIL_LINES);
            Thread pumpThread = new Thread(pump, "liandan-trial-" + request.number() + "-output");
            pumpThread.setDaemon(true);
            pumpThread.start();
            Watch watch = new Watch(request, trial);
            try {
                watch.follow(process, queue);
            } finally {
                boolean grouped = TrialGroup.available(); // the program leads group <its pid>
                if (process.isAlive()) {
                    // stopped by the listener, the clock, or an interrupt of this thread
                    ProcessTree.terminate(process.toHandle(), trial.grace(), grouped);
                }
                if (grouped) {
                    // whatever the program left in its group (a double-forked child, its watcher) goes with it
                    TrialGroup.signalGroup(process.pid(), "KILL");
                }
                RUNNING.remove(process);
                drain(process, pumpThread);
            }
            watch.absorb(queue);
            return watch.outcome(process.exitValue(), pump.tail());
        }
    }

    private static Process start(ProcessBuilder pb, TrialSpec trial, Launch launch) {
        try {
            return pb.start();
        } catch (IOException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            throw cannotStart(trial, launch, why);
        }
    }

    private static UserError cannotStart(TrialSpec trial, Launch launch, String why) {
        return new UserError(trial.location() + ": trial.command: cannot start '" + launch.command().get(0)
                + "' in " + trial.workdir() + ": " + why);
    }

    /** Waits for the exit and for the rest of the output; a straggler holding the pipe open is cut off. */
    private static void drain(Process process, Thread pump) throws InterruptedException {
        process.waitFor(DRAIN_MS, TimeUnit.MILLISECONDS);
        pump.join(DRAIN_MS);
        if (pump.isAlive()) {
            try {
                process.getInputStream().close();
            } catch (IOException e) {
                // closing is all we wanted
            }
            pump.join(DRAIN_MS);
        }
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : RUNNING) {
                ProcessTree.terminate(p.toHandle(), SHUTDOWN_GRACE);
            }
        }, "liandan-stop-trials"));
        hookInstalled = true;
    }

    /** Follows one running trial: its metric lines, its clock, the listener's verdict. */
    private static final class Watch {
        private final TrialRequest request;
        private final TrialSpec trial;
        private final String metric;
        private final EpochListener listener;
        private Map<String, Double> lastEpoch = Map.of();
        private int epoch;
        private final Map<String, Double> fin = new LinkedHashMap<>();
        private boolean sawFinal;
        private String ignored;
        private String stop;
        private TrialState stopState;

        Watch(TrialRequest request, TrialSpec trial) {
            this.request = request;
            this.trial = trial;
            this.metric = request.spec().objective().metric();
            this.listener = request.listener() != null ? request.listener() : (e, m) -> true;
        }

        /** Returns when the output has ended, the clock has run out, or the trial must stop. */
        void follow(Process process, LinkedBlockingQueue<MetricLine> queue) throws InterruptedException {
            boolean limited = trial.timeout() != null;
            long deadline = limited ? System.nanoTime() + trial.timeout().toNanos() : 0;
            while (stop == null) {
                long left = limited ? deadline - System.nanoTime() : Long.MAX_VALUE;
                if (left <= 0) {
                    timedOut();
                    return;
                }
                MetricLine line = queue.poll(Math.min(left, QUIET_NS), TimeUnit.NANOSECONDS);
                if (line == OutputPump.END) {
                    break;
                }
                if (line != null) {
                    take(line, true);
                } else if (!process.isAlive()) {
                    // it has exited, but something it started still holds the output open: stop listening
                    break;
                }
            }
            if (stop != null) {
                return;
            }
            // the output has ended; the program may still be running (it closed stdout)
            if (!limited) {
                process.waitFor();
            } else if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                timedOut();
            }
        }

        /**
         * Takes the lines left once the program has ended (those that raced its exit). The
         * listener hears of their epochs, but a stop is moot: the program finished on its own.
         */
        void absorb(LinkedBlockingQueue<MetricLine> queue) {
            MetricLine line;
            while (stop == null && (line = queue.poll()) != null) {
                if (line != OutputPump.END) {
                    take(line, false);
                }
            }
        }

        private void timedOut() {
            stop = "timed out after " + seconds(trial.timeout()) + " (trial.timeout)";
            stopState = TrialState.FAILED;
        }

        private void take(MetricLine line, boolean live) {
            switch (line.kind()) {
                case EPOCH -> epochLine(line, live);
                case FINAL -> {
                    fin.putAll(line.values());
                    sawFinal = true;
                }
                case MALFORMED -> {
                    if (ignored == null) {
                        ignored = line.problem();
                    }
                }
                default -> {
                }
            }
        }

        private void epochLine(MetricLine line, boolean live) {
            if (line.epoch() <= epoch) {
                if (ignored == null) {
                    ignored = "epoch " + line.epoch() + " after epoch " + epoch + " (epochs must increase)";
                }
                return;
            }
            epoch = line.epoch();
            lastEpoch = line.values();
            Double value = line.values().get(metric);
            if (value == null) {
                return;
            }
            if (!Double.isFinite(value)) {
                stop = metric + " was " + describe(value) + " at epoch " + epoch;
                stopState = TrialState.FAILED;
                return;
            }
            if (!listener.epochEnded(epoch, finite(lastEpoch)) && live) {
                stop = "pruned at epoch " + epoch;
                stopState = TrialState.PRUNED;
            }
        }

        TrialOutcome outcome(int exitCode, List<String> tail) {
            if (stopState == TrialState.PRUNED) {
                return new TrialOutcome(TrialState.PRUNED, lastEpoch.get(metric), finite(lastEpoch), epoch, null);
            }
            if (stop != null) {
                return TrialOutcome.failed(stop + lastOutput(tail), epoch);
            }
            if (exitCode != 0) {
                return TrialOutcome.failed("exited with code " + exitCode + signal(exitCode) + lastOutput(tail), epoch);
            }
            Map<String, Double> all = new LinkedHashMap<>(lastEpoch);
            all.putAll(fin);
            Double value = all.get(metric);
            if (value == null) {
                String expected = "expected a line 'liandan: final " + metric + "=<number>' or 'liandan: epoch=<n> "
                        + metric + "=<number>'";
                return TrialOutcome.failed("exited with code 0 without reporting " + metric + ": " + expected
                        + (ignored == null ? "" : "; ignored " + ignored) + lastOutput(tail), epoch);
            }
            if (!Double.isFinite(value)) {
                return TrialOutcome.failed(metric + " was " + describe(value)
                        + (sawFinal && fin.containsKey(metric) ? " in the final line" : " at epoch " + epoch), epoch);
            }
            return new TrialOutcome(TrialState.COMPLETE, value, finite(all), epoch, null);
        }

        private static Map<String, Double> finite(Map<String, Double> values) {
            Map<String, Double> out = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    out.put(k, v);
                }
            });
            return out;
        }
    }

    private static String describe(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+infinity" : "-infinity";
    }

    /** 137 is 128 + 9: the JVM reports a death by signal this way, as shells do. */
    static String signal(int code) {
        if (code <= 128 || code > 128 + 64) {
            return "";
        }
        int sig = code - 128;
        String name = switch (sig) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL, perhaps out of memory";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + sig;
        };
        return " (" + (name.startsWith("signal") ? name : "signal " + sig + ", " + name) + ")";
    }

    static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }

    /** "; last output: a | b | c", each line cut to a readable length; "" without output. */
    static String lastOutput(List<String> tail) {
        if (tail.isEmpty()) {
            return "; no output";
        }
        StringBuilder sb = new StringBuilder("; last output: ");
        for (int i = 0; i < tail.size(); i++) {
            String line = tail.get(i).strip();
            if (line.length() > TAIL_LINE_CHARS) {
                line = line.substring(0, TAIL_LINE_CHARS - 1) + "…";
            }
            sb.append(i == 0 ? "" : " | ").append(line);
        }
        return sb.toString();
    }
}
