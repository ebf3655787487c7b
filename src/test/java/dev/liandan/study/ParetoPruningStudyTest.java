package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.JdbcStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study of two objectives (accuracy per epoch, parameter count after training) with
 * {@code pareto_asha}, through the real worker loop on a real SQLite file and a cheap backend: the
 * pruner is accepted, stops some trials at its rungs and lets the others finish.
 */
class ParetoPruningStudyTest {
    @TempDir
    Path dir;

    @Test
    void paretoAshaStopsSomeTrialsAtItsRungs() throws IOException {
        Path file = dir.resolve("two.yaml");
        Files.writeString(file, """
                study: two
                data: {path: %s, label: label, validation: 0.3, test: 0.0, split_seed: 1}
                model:
                  units: {int: [2, 64]}
                training:
                  epochs: 9
                  lr: {float: [1.0e-3, 1.0e-1], log: true}
                objective:
                  - {metric: val_accuracy}
                  - {metric: params}
                search: {sampler: random, trials: 24, seed: 3, pruner: pareto_asha}
                """.formatted(Path.of("data/iris.csv").toAbsolutePath()));
        StudySpec spec = SpaceFileParser.parse(file);
        // accuracy rises with the epochs towards a ceiling set by lr; the size grows with the units
        TrialBackend curves = request -> {
            double lr = ((Number) request.params().get("lr")).doubleValue();
            double units = ((Number) request.params().get("units")).doubleValue();
            double ceiling = 1 - Math.abs(Math.log10(lr) + 2) / 2;
            Map<String, Double> cost = Map.of("params", units * 7 + 3);
            double acc = 0;
            for (int e = 1; e <= 9; e++) {
                acc = ceiling * (1 - 1.0 / (e + 1));
                if (!request.listener().epochEnded(e, Map.of("val_accuracy", acc))) {
                    return new TrialOutcome(TrialState.PRUNED, acc, cost, e, null);
                }
            }
            return new TrialOutcome(TrialState.COMPLETE, acc, cost, 9, null);
        };
        List<Trial> trials;
        try (JdbcStorage storage = JdbcStorage.sqlite(dir.resolve("study.db"))) {
            new StudyRunner(storage, curves, dir.resolve("r"), new StudyListener() {
            }).run(spec, 24);
            trials = storage.trials("two");
        }
        long pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).count();
        long complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count();
        assertTrue(pruned >= 3 && complete >= 3, pruned + " pruned, " + complete + " complete");
        for (Trial t : trials) {
            if (t.state() == TrialState.PRUNED) {
                int at = t.intermediates().size();
                assertTrue(at == 1 || at == 3, "trial " + t.number() + " stopped at epoch " + at + ", not a rung");
            }
        }
    }
}
