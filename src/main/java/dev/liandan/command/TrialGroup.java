package dev.liandan.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a trial's program in a process group of its own, watched for the death of its worker.
 *
 * <p>{@code setsid} makes the program the leader of a new group (and session) before it starts, so
 * that stopping the trial stops everything it started, also what it double-forked away from its
 * process tree. Beside it runs a watcher that polls this JVM once a second: when the worker is gone
 * (kill -9, a crash, a lost node), the watcher stops the whole group, SIGTERM then SIGKILL, so
 * no trial of a dead worker keeps running while another worker re-runs its configuration.
 *
 * <p>The program is exec'd by the wrapping shell, so its pid, its exit status and its signals are
 * its own. Where {@code setsid} is missing (not Linux), programs run as before, in the worker's group.
 */
final class TrialGroup {
    /** Seconds between SIGTERM and SIGKILL when the worker is gone; as the default trial.grace. */
    private static final int ORPHAN_GRACE_S = 5;
    /**
     * $1: the worker's pid; the rest: the program. The watcher leaves the group alone while both
     * the worker and the program live; its output goes nowhere, so it never holds the trial's pipe.
     */
    private static final String SCRIPT = "worker=$1; shift; leader=$$; "
            + "( trap '' TERM; "
            + "while kill -0 \"$worker\" 2>/dev/null && kill -0 \"$leader\" 2>/dev/null; do sleep 1; done; "
            + "if ! kill -0 \"$worker\" 2>/dev/null; then kill -TERM 0; sleep " + ORPHAN_GRACE_S + "; kill -KILL 0; fi "
            + ") </dev/null >/dev/null 2>&1 & "
            + "exec \"$@\"";
    private static final Optional<String> SETSID = find("setsid", System.getenv("PATH"), Path.of("/"));

    private TrialGroup() {
    }

    static boolean available() {
        return SETSID.isPresent() && Files.isExecutable(Path.of("/bin/sh"));
    }

    /** The command that runs {@code program} in its own watched group (or {@code program} itself). */
    static List<String> wrap(List<String> program) {
        if (!available()) {
            return program;
        }
        List<String> c = new ArrayList<>(List.of(SETSID.get(), "/bin/sh", "-c", SCRIPT, "liandan-trial",
                Long.toString(ProcessHandle.current().pid())));
        c.addAll(program);
        return c;
    }

    /** Sends {@code signal} (TERM, KILL) to every process of group {@code pgid}. */
    static void signalGroup(long pgid, String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            // no kill(1): the process tree is still stopped one by one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Where a program would be found as execvp finds it in {@code workdir}: a name with a slash as is,
     * else along PATH.
     * Empty when there is no such executable file: the trial cannot start.
     */
    static Optional<String> find(String program, String path, Path workdir) {
        if (program.contains("/")) {
            Path p = workdir.resolve(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(program) : Optional.empty();
        }
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            // a relative PATH entry (".", "bin") starts where the program runs, as execvp's does
            Path candidate = workdir.resolve(dir.isEmpty() ? "." : dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
