package dev.liandan.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every launched worker is told: the {@code liandan worker} command line without its
 * program, the same for each task (the task's own id is added by the engine).
 *
 * @param study          the study's name
 * @param storage        the storage URL the workers share (no password in it)
 * @param passwordFile   a PostgreSQL password file every task can read, or null
 * @param results        where the workers write artifacts
 * @param dataRoot       where relative data paths of the space file start, or null
 * @param heartbeatGrace how old a heartbeat may be before its trial is reclaimed
 */
public record WorkerArgs(String study, String storage, Path passwordFile, Path results, Path dataRoot,
                         Duration heartbeatGrace) {
    public List<String> args() {
        List<String> a = new ArrayList<>(List.of("worker", "--study", study, "--storage", storage,
                "--results", results.toString()));
        if (dataRoot != null) {
            a.addAll(List.of("--data-root", dataRoot.toString()));
        }
        if (passwordFile != null) {
            a.addAll(List.of("--password-file", passwordFile.toString()));
        }
        a.addAll(List.of("--heartbeat-grace", seconds(heartbeatGrace)));
        return a;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }
}
