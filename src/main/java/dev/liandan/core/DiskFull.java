package dev.liandan.core;

import java.util.Locale;
import java.util.Optional;

/**
 * A full disk, recognised in any layer's exception: Java's "No space left on device" (ENOSPC) or
 * SQLite's "database or disk is full" (SQLITE_FULL), however deeply wrapped. Not a bug of ours
 * and not a trial's failure: the command says so in one line, and the trial cut short is re-run
 * once there is room.
 */
public final class DiskFull {
    private DiskFull() {
    }

    /** The disk-full message in {@code e}'s chain of causes, if any. */
    public static Optional<String> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("disk is full")
                        || lower.contains("sqlite_full")) {
                    return Optional.of(m.lines().findFirst().orElse(m).strip());
                }
            }
        }
        return Optional.empty();
    }

    /** The one line a command prints for it. */
    public static String line(String message) {
        return "the disk is full (" + message + "): free some space and run the same command again;"
                + " the trial it cut short is re-run then";
    }
}
