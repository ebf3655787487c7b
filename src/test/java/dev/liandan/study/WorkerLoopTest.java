package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.train.Dl4jBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker loop's many-worker rules, with real one-epoch DL4J trials on iris. */
class WorkerLoopTest {
    @TempDir
    Path dir;

    StudySpec spec(int trials, String extraSearch) throws IOException {
        Path file = dir.resolve("iris.yaml");
        Files.writeString(file, """
                study: iris-loop
                data: {path: %s, label: label, validation: 0.3, test: 0.0, split_seed: 1}
                params:
                  kind: {choice: [a, b]}
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
                search: {sampler: random, trials: %d, seed: 5%s}
                """.formatted(Path.of("data/iris.csv").toAbsolutePath(), trials, extraSearch));
        return SpaceFileParser.parse(file);
    }

    StudyRunner runner(StudyStorage storage) {
        return new StudyRunner(storage, new Dl4jBackend(), dir.resolve("results"), new StudyListener() {
        }).withHeartbeatGrace(Duration.ofSeconds(2));
    }

    /** A RUNNING trial of a worker on another host whose heartbeat stopped 10 s ago. */
    static Trial staleElsewhere(StudyStorage storage, StudySpec spec) {
        StudySetup.prepare(storage, spec);
        Map<String, Object> params = Enqueue.resolve(spec.space(), new Enqueue.Config("test",
                Map.of("kind", "a", "units", 8, "optimizer", "adam", "lr", 0.01)));
        Trial t = storage.startTrial(spec.name(), new NewTrial(params, 77, null, "other-host/4242"));
        storage.heartbeat(spec.name(), t.number(), Instant.now().minusSeconds(10));
        return t;
    }

    @Test
    void aStaleTrialOfAnotherHostIsRecordedWorkerLostAndReRunWithItsSeed() throws IOException {
        StudySpec spec = spec(3, "");
        try (StudyStorage storage = new InMemoryStorage()) {
            Trial stale = staleElsewhere(storage, spec);
            StudyResult result = runner(storage).run(spec, 3);
            assertEquals(3, result.finished());
            List<Trial> trials = storage.trials(spec.name());
            Trial lost = trials.get(stale.number());
            assertEquals(TrialState.FAILED, lost.state());
            assertEquals(LostTrials.WORKER_LOST, lost.failReason());
            Trial retry = trials.stream().filter(t -> Integer.valueOf(stale.number()).equals(t.retryOf())).findFirst()
                    .orElseThrow();
            assertEquals(stale.params(), retry.params());
            assertEquals(77, retry.seed());
            assertEquals(TrialState.COMPLETE, retry.state());
            assertEquals(4, trials.size());
        }
    }

    @Test
    void withNoRetriesALostConfigurationIsReplacedBySampling() throws IOException {
        StudySpec spec = spec(2, ", retries: 0");
        assertEquals(0, spec.search().retries());
        try (StudyStorage storage = new InMemoryStorage()) {
            staleElsewhere(storage, spec);
            assertEquals(2, runner(storage).run(spec, 2).finished());
            List<Trial> trials = storage.trials(spec.name());
            assertEquals(3, trials.size());
            assertTrue(trials.stream().allMatch(t -> t.retryOf() == null), trials.toString());
        }
    }

    @Test
    void retriesAreCountedAlongTheChainOfReRuns() throws IOException {
        StudySpec spec = spec(1, ", retries: 1");
        try (StudyStorage storage = new InMemoryStorage()) {
            Trial first = staleElsewhere(storage, spec);
            storage.finishTrial(spec.name(), first.number(), TrialState.FAILED, null, Map.of(), 0, LostTrials.WORKER_LOST);
            Trial again = storage.startTrial(spec.name(), new NewTrial(first.params(), first.seed(), first.number(), "x/1"));
            storage.finishTrial(spec.name(), again.number(), TrialState.FAILED, null, Map.of(), 0, LostTrials.INTERRUPTED);
            runner(storage).run(spec, 1);
            List<Trial> trials = storage.trials(spec.name());
            assertEquals(3, trials.size(), "re-run once already: the third trial is sampled");
            assertNull(trials.get(2).retryOf());
            assertEquals(TrialState.COMPLETE, trials.get(2).state());
        }
    }

    @Test
    void enqueuedConfigurationsRunFirstInOrderAndCountTowardsTheBudget() throws IOException {
        StudySpec spec = spec(3, "");
        try (StudyStorage storage = JdbcStorage.sqlite(dir.resolve("study.db"))) {
            StudySetup.prepare(storage, spec);
            List<Trial> queued = Enqueue.enqueue(storage, spec, List.of(
                    new Enqueue.Config("a", Map.of("kind", "b", "units", 5, "optimizer", "nesterov", "momentum", 0.9, "lr", 0.02)),
                    new Enqueue.Config("b", Map.of("kind", "a", "units", 6L, "optimizer", "adam", "lr", 0.03))));
            assertEquals(List.of(0, 1), queued.stream().map(Trial::number).toList());
            assertEquals(3, runner(storage).run(spec, 3).finished());
            List<Trial> trials = storage.trials(spec.name());
            assertEquals(3, trials.size());
            assertEquals(5L, trials.get(0).params().get("units"));
            assertEquals(0.9, trials.get(0).params().get("momentum"));
            assertEquals(6L, trials.get(1).params().get("units"));
            assertTrue(trials.stream().allMatch(t -> t.state() == TrialState.COMPLETE));
            assertEquals(queued.get(0).seed(), trials.get(0).seed());
            assertEquals("3", storage.studyAttributes(spec.name()).get(StudySetup.ATTRIBUTE_TRIALS));
        }
    }

    @Test
    void enqueuedValuesAreCheckedAgainstTheSpaceWithTheParameterNamed() throws IOException {
        StudySpec spec = spec(3, "");
        Map<String, Object> ok = new LinkedHashMap<>(Map.of("kind", "a", "units", 8, "optimizer", "adam", "lr", 0.01));
        assertEquals(8L, Enqueue.resolve(spec.space(), new Enqueue.Config("x", ok)).get("units"), "typed as the parameter");
        assertEquals(32L, Enqueue.resolve(spec.space(), new Enqueue.Config("x", ok)).get("batch_size"), "fixed values follow");
        assertMessage(spec, with(ok, "lr", 5.0), "c.jsonl:2: parameter 'lr' = 5.0 is outside its range: expected a number in [0.001, 0.1]");
        assertMessage(spec, with(ok, "units", 8.5), "c.jsonl:2: parameter 'units' = 8.5 is outside its range: expected an integer in [4, 16]");
        assertMessage(spec, with(ok, "kind", "c"), "parameter 'kind' = c is outside its range: expected one of [a, b]");
        assertMessage(spec, with(ok, "lrr", 0.1), "c.jsonl:2: 'lrr' is not a parameter of the space");
        assertMessage(spec, with(ok, "batch_size", 32), "'batch_size' is fixed or derived");
        assertMessage(spec, with(ok, "momentum", 0.9), "parameter 'momentum' is not active for this configuration (it needs optimizer in [nesterov])");
        Map<String, Object> missing = new LinkedHashMap<>(ok);
        missing.remove("units");
        assertMessage(spec, missing, "parameter 'units' needs a value");
    }

    @Test
    void jsonConfigurationsAreParsedWithLineNumbers() {
        List<Enqueue.Config> configs = Enqueue.parseJsonLines("{\"lr\": 0.1, \"units\": 4}\n\n{\"kind\": \"a\", \"on\": true}\n", "c.jsonl");
        assertEquals("c.jsonl:1", configs.get(0).origin());
        assertEquals(4L, configs.get(0).values().get("units"));
        assertEquals("c.jsonl:3", configs.get(1).origin());
        assertEquals(true, configs.get(1).values().get("on"));
        UserError bad = assertThrows(UserError.class, () -> Enqueue.parseJsonLines("{\"lr\": 0.1}\n{lr: 2}\n", "c.jsonl"));
        assertTrue(bad.getMessage().startsWith("c.jsonl:2: not valid JSON"), bad.getMessage());
        UserError array = assertThrows(UserError.class, () -> Enqueue.parseJson("[1, 2]", "--params"));
        assertTrue(array.getMessage().startsWith("--params: expected a JSON object"), array.getMessage());
        assertThrows(UserError.class, () -> Enqueue.parseJsonLines("\n\n", "empty.jsonl"));
    }

    @Test
    void warmStartTakesTheBestTrialsThatFitAndSaysWhyOthersDoNot() throws IOException {
        StudySpec spec = spec(3, "");
        try (StudyStorage other = new InMemoryStorage()) {
            other.createStudy(new StudyRecord("old", null, null, "val_accuracy", dev.liandan.core.Direction.MAXIMIZE, null));
            double[] values = {0.5, 0.9, 0.93, 0.95};
            double[] lrs = {0.01, 0.02, 0.5, 0.03}; // 0.5 is outside this space's lr range
            for (int i = 0; i < values.length; i++) {
                Map<String, Object> p = new LinkedHashMap<>(Map.of("kind", "a", "units", 8L, "optimizer", "adam",
                        "lr", lrs[i], "epochs", 99L));
                other.startTrial("old", new NewTrial(p, i, null, "w"));
                other.finishTrial("old", i, TrialState.COMPLETE, values[i], Map.of(), 1, null);
            }
            Enqueue.WarmStart w = Enqueue.fromStudy("old", other.trials("old"), dev.liandan.core.Direction.MAXIMIZE,
                    spec.space(), 2);
            assertEquals(List.of(0.03, 0.02), w.configs().stream().map(c -> c.values().get("lr")).toList(),
                    "best first, the one out of range skipped, only searched values taken");
            assertEquals(1, w.skipped().size());
            assertEquals("study 'old', trial 2", w.skipped().get(0).origin());
            assertTrue(w.skipped().get(0).reason().startsWith("parameter 'lr' = 0.5 is outside its range"), w.skipped().toString());
        }
    }

    @Test
    void retriesOutOfRangeIsASpaceErrorAtItsValue() {
        UserError e = assertThrows(UserError.class, () -> spec(2, ", retries: -1"));
        assertTrue(e.getMessage().matches(".*iris.yaml:15:\\d+: search.retries: expected an integer in \\[0, 100], got -1"),
                e.getMessage());
    }

    private static Map<String, Object> with(Map<String, Object> base, String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(k, v);
        return m;
    }

    private static void assertMessage(StudySpec spec, Map<String, Object> values, String expected) {
        UserError e = assertThrows(UserError.class, () -> Enqueue.resolve(spec.space(), new Enqueue.Config("c.jsonl:2", values)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
