package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.sampler.SampleRequest;
import dev.liandan.sampler.Samplers;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.train.Dl4jBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An enqueued configuration may give only some searched parameters: the study's sampler fills in
 * the others (as Optuna's enqueue_trial), and the trial runs like any other, on a real SQLite
 * study with one-epoch DL4J trials on iris.
 */
class PartialEnqueueTest {
    @TempDir
    Path dir;

    private StudySpec spec() throws IOException {
        Path file = dir.resolve("iris.yaml");
        Files.writeString(file, """
                study: iris-partial
                data: {path: %s, label: label, validation: 0.3, test: 0.0, split_seed: 1}
                model:
                  hidden_layers: 1
                  units: {int: [4, 16]}
                training:
                  epochs: 1
                  batch_size: 32
                  optimizer: {choice: [adam, nesterov]}
                  momentum: {float: [0.8, 0.95], when: {optimizer: nesterov}}
                  lr: {float: [1.0e-3, 1.0e-1], log: true}
                objective: {metric: val_accuracy}
                search: {sampler: random, trials: 3, seed: 5}
                """.formatted(Path.of("data/iris.csv").toAbsolutePath()));
        return SpaceFileParser.parse(file);
    }

    @Test
    void theSamplerFillsWhatAConfigurationLeavesOut() throws IOException {
        StudySpec spec = spec();
        try (StudyStorage storage = JdbcStorage.sqlite(dir.resolve("study.db"))) {
            StudySetup.prepare(storage, spec);
            List<Trial> queued = Enqueue.enqueue(storage, spec, List.of(
                    new Enqueue.Config("--params", Map.of("units", 12)),
                    new Enqueue.Config("--params", Map.of("optimizer", "nesterov"))));

            // the first: units as given, the rest as the random sampler proposes trial 0
            Map<String, Object> proposed = Samplers.configured(spec.search()).sample(new SampleRequest(spec.space(),
                    List.of(), spec.objective().direction(), spec.search().seed(), 0)).orElseThrow();
            Map<String, Object> first = queued.get(0).params();
            assertEquals(12L, first.get("units"));
            assertEquals(proposed.get("lr"), first.get("lr"));
            assertEquals(proposed.get("optimizer"), first.get("optimizer"));
            assertEquals(proposed.containsKey("momentum"), first.containsKey("momentum"));

            // the second: nesterov given, so momentum is active and filled within its range
            Map<String, Object> second = queued.get(1).params();
            assertEquals("nesterov", second.get("optimizer"));
            double momentum = (Double) second.get("momentum");
            assertTrue(momentum >= 0.8 && momentum <= 0.95, "momentum " + momentum);

            StudyResult result = new StudyRunner(storage, new Dl4jBackend(), dir.resolve("results"), new StudyListener() {
            }).run(spec, 3);
            assertEquals(3, result.finished());
            List<Trial> trials = storage.trials(spec.name());
            assertEquals(first, trials.get(0).params(), "run as enqueued");
            assertEquals(second, trials.get(1).params());
            assertTrue(trials.stream().allMatch(t -> t.state() == TrialState.COMPLETE));
        }
    }

    @Test
    void theSameStudyFillsAlike() throws IOException {
        StudySpec spec = spec();
        Map<String, Object> a;
        try (StudyStorage storage = JdbcStorage.sqlite(dir.resolve("a.db"))) {
            StudySetup.prepare(storage, spec);
            a = Enqueue.enqueue(storage, spec, List.of(new Enqueue.Config("x", Map.of("optimizer", "nesterov")))).get(0).params();
        }
        try (StudyStorage storage = JdbcStorage.sqlite(dir.resolve("b.db"))) {
            StudySetup.prepare(storage, spec);
            assertEquals(a, Enqueue.enqueue(storage, spec, List.of(new Enqueue.Config("x", Map.of("optimizer", "nesterov"))))
                    .get(0).params());
        }
    }
}
