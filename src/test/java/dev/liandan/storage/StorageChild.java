package dev.liandan.storage;

import dev.liandan.core.TrialState;
import dev.liandan.study.NewTrial;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A second process on a storage file, started by {@link SqliteStorageTest}: what another worker
 * would do, in miniature. Prints "ready" once open, then one line per step.
 *
 * <pre>
 * start DB STUDY COUNT      wait for a line on stdin ("go"), then start COUNT trials, printing each number
 * finish-and-hang DB STUDY  start one trial, finish it, print "finished N", then wait to be killed
 * </pre>
 */
public final class StorageChild {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path db = Path.of(args[1]);
        String study = args[2];
        try (JdbcStorage storage = JdbcStorage.sqlite(db)) {
            System.out.println("ready");
            System.out.flush();
            switch (mode) {
                case "start" -> {
                    int count = Integer.parseInt(args[3]);
                    // Released by the parent, so that both processes start trials at the same moment.
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    for (int i = 0; i < count; i++) {
                        int n = storage.startTrial(study, new NewTrial(Map.of("i", (long) i), i, null, "child")).number();
                        System.out.println(n);
                        // a turn at the lock for the other process, as real work between trials
                        // would leave; without it, on a loaded machine one process's burst can
                        // starve the other's busy handler
                        Thread.sleep(10);
                    }
                }
                case "finish-and-hang" -> {
                    int n = storage.startTrial(study, new NewTrial(Map.of("lr", 0.1), 7, null, "child")).number();
                    storage.reportIntermediate(study, n, 1, 0.8);
                    storage.finishTrial(study, n, TrialState.COMPLETE, 0.8, Map.of("val_loss", 0.4), 1, null);
                    System.out.println("finished " + n);
                    System.out.flush();
                    Thread.sleep(120_000); // killed long before
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
        System.out.flush();
    }
}
