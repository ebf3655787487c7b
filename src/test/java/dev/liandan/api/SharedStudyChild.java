package dev.liandan.api;

import dev.liandan.core.TrialState;

import java.nio.file.Path;

/**
 * A JVM that joins a define-by-run study on a SQLite file and optimizes it with a budget:
 * {@code SharedStudyChild DB BUDGET}. Its first trial waits until two trials run at once, so
 * that the test knows both JVMs took part.
 */
public final class SharedStudyChild {
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int budget = Integer.parseInt(args[1]);
        boolean[] first = {true};
        try (Study study = Study.builder("shared").storage(db.toString()).sampler("tpe").seed(11).open()) {
            study.optimize(t -> {
                double x = t.suggestFloat("x", -2, 2);
                int k = t.suggestInt("k", 1, 4);
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
