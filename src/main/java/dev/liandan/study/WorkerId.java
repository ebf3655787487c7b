package dev.liandan.study;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Names a worker process as {@code host/pid}, so a later process on the same host can tell that
 * a RUNNING trial's worker is gone (its pid no longer exists) without waiting for the heartbeat
 * to go stale.
 */
public final class WorkerId {
    private WorkerId() {
    }

    public static String current() {
        return host() + "/" + ProcessHandle.current().pid();
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** True when {@code worker} names a process on this host that no longer runs. */
    public static boolean isDeadLocalProcess(String worker) {
        if (worker == null) {
            return false;
        }
        int slash = worker.lastIndexOf('/');
        if (slash < 0 || !worker.substring(0, slash).equals(host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(worker.substring(slash + 1));
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            return handle.isEmpty() || !handle.get().isAlive();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
