package dev.liandan.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Stops a program and everything it started: SIGTERM to the whole tree, then SIGKILL to whatever
 * is still running after the grace period. The tree is collected before the first signal and
 * again while waiting, because a killed parent's children are re-parented and can no longer be
 * found from it (a PyTorch DataLoader's workers, a shell's background jobs).
 */
final class ProcessTree {
    private static final long POLL_MS = 25;
    /** After SIGKILL, the kernel needs a moment; no process survives it, so this is never reached in practice. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    static void terminate(ProcessHandle root, Duration grace) {
        terminate(root, grace, false);
    }

    /**
     * As {@link #terminate(ProcessHandle, Duration)}; with {@code group}, {@code root} leads a process
     * group of its own ({@link TrialGroup}) and each signal goes to that whole group as well, which
     * reaches what left the tree (a double-forked child).
     */
    static void terminate(ProcessHandle root, Duration grace, boolean group) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        collect(root, tree);
        if (group) {
            TrialGroup.signalGroup(root.pid(), "TERM");
        }
        tree.forEach(ProcessHandle::destroy);
        if (waitAllGone(tree, grace)) {
            return;
        }
        collect(root, tree);
        if (group) {
            TrialGroup.signalGroup(root.pid(), "KILL");
        }
        for (ProcessHandle h : tree) {
            if (running(h)) {
                h.destroyForcibly();
            }
        }
        waitAllGone(tree, AFTER_KILL);
    }

    /** Adds the running processes of the tree below each known member (and {@code root}). */
    private static void collect(ProcessHandle root, Set<ProcessHandle> tree) {
        tree.add(root);
        for (ProcessHandle h : Set.copyOf(tree)) {
            if (running(h)) {
                h.descendants().forEach(tree::add);
            }
        }
    }

    private static boolean waitAllGone(Set<ProcessHandle> tree, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (tree.stream().noneMatch(ProcessTree::running)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Alive and not a zombie. An orphan's exit status is collected by init; where init does not
     * (some containers), it stays a zombie that {@link ProcessHandle#isAlive} still reports, but
     * it runs nothing and holds nothing.
     */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(h.pid()), "stat");
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            char state = close >= 0 && close + 2 < s.length() ? s.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone between the two checks
            return h.isAlive();
        }
    }
}
