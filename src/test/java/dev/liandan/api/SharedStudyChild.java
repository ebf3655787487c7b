package dev.liandan.api;

import dev.liandan.core.TrialState;

import java.nio.file.Path;

/**
 * A JVM that joins a define-by-run study on a SQLite file and optimizes it with a budget:
 * {@code SharedStudyChild DB BUDGET [HANG_FILE]}. Its first trial waits until two trials run at
 * once, so that the test knows both JVMs took part; with HANG_FILE, it writes that file and hangs
 * instead, to be killed.
 */
public final class SharedStudyChild {
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int budget = Integer.parseInt(args[1]);
        Path hang = args.length > 2 ? Path.of(args[2]) : null;
        boolean[] first = {true};
        try (Study study = Study.create("shared").storage(db.toString()).sampler("tpe").seed(11).open()) {
            study.optimize(t -> {
                double x = t.suggestFloat("x", -2, 2);
                int k = t.suggestInt("k", 1, 4);
                if (hang != null) {
                    java.nio.file.Files.writeString(hang, t.params().toString());
                    Thread.sleep(Long.MAX_VALUE);
                }
                if (first[0]) {
                    first[0] = false;
                    long deadline = System.nanoTime() + 120_000_000_000L;
                    while (study.trials().stream().filter(f -> f.state() == TrialState.RUNNING).count() < 2
                            && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                }
                return x * x + k;
            }, budget);
        }
    }
}
