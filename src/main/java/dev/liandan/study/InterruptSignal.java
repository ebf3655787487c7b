package dev.liandan.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether Ctrl-C can reach this process. A process started with SIGINT ignored keeps it ignored
 * (POSIX), and the JVM then installs no handler for it: a background job of a non-interactive
 * shell ({@code sh -c 'liandan sweep ... &'}, nohup, some CI runners) never sees Ctrl-C, and only
 * SIGTERM stops it with its trial recorded. Read from Linux's {@code /proc/self/status}.
 */
public final class InterruptSignal {
    private static final int SIGINT = 2;

    private InterruptSignal() {
    }

    /** True when SIGINT is ignored by this process; empty where the system does not say (not Linux). */
    public static Optional<Boolean> ignored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                    return Optional.of((mask & (1L << (SIGINT - 1))) != 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing to say
        }
        return Optional.empty();
    }

    /** The start-up line of a command that Ctrl-C cannot stop, when it cannot. */
    public static Optional<String> notice() {
        if (!ignored().orElse(false)) {
            return Optional.empty();
        }
        return Optional.of("liandan: Ctrl-C cannot reach this process: it was started with SIGINT ignored (as a"
                + " background job of a non-interactive shell is); stop it with kill -TERM "
                + ProcessHandle.current().pid() + ", which records its running trials as interrupted");
    }
}
