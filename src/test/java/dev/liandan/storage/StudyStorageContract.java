package dev.liandan.storage;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import dev.liandan.core.UserError;
import dev.liandan.study.NewTrial;
import dev.liandan.study.Next;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import dev.liandan.study.TrialCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link StudyStorage} must do. Each implementation's test extends this class and
 * says how to make a storage; the cases that need a second storage over the same data (a reopen,
 * a second process) run only where {@link #reopen()} gives one.
 */
abstract class StudyStorageContract {

    @TempDir
    Path dir;

    /** The storage under test, made fresh for each case. */
    StudyStorage storage;

    private final List<StudyStorage> opened = new ArrayList<>();

    /** A new, empty storage; may use {@link #dir}. */
    protected abstract StudyStorage newStorage();

    /**
     * Another storage object over the data of the last {@link #newStorage()} (for a database,
     * a new connection), or null where the data lives only inside one object.
     */
    protected abstract StudyStorage reopen();

    @BeforeEach
    void open() {
        storage = track(newStorage());
    }

    @AfterEach
    void closeAll() {
        Collections.reverse(opened);
        opened.forEach(StudyStorage::close);
    }

    StudyStorage track(StudyStorage s) {
        opened.add(s);
        return s;
    }

    /** A second storage over the same data, or the case is skipped. */
    StudyStorage second() {
        StudyStorage s = reopen();
        assumeTrue(s != null, "this storage keeps its data inside one object");
        return track(s);
    }

    static final Instant CREATED = Instant.parse("2024-05-01T10:15:30.123Z");

    static StudyRecord study(String name) {
        return new StudyRecord(name, "name: " + name + "\nspace: {}\n", "search-spaces/" + name + ".yaml",
                "val_accuracy", Direction.MAXIMIZE, CREATED);
    }

    static NewTrial newTrial(long seed) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.01);
        params.put("batch_size", 64L);
        return new NewTrial(params, seed, null, "worker-1");
    }

    static void assertUserError(Executable call, String... fragments) {
        UserError e = assertThrows(UserError.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' should name " + f);
        }
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    // ---- studies

    @Test
    void createdStudyIsFoundWithAllItsFields() {
        StudyRecord s = study("digits-mlp");
        storage.createStudy(s);
        assertEquals(Optional.of(s), storage.findStudy("digits-mlp"));
        assertEquals(Optional.empty(), storage.findStudy("other"));
    }

    @Test
    void aDeletedStudyIsGoneWithItsTrialsAndTheOthersStay() {
        storage.createStudy(study("gone"));
        storage.createStudy(study("kept"));
        Trial t = storage.startTrial("gone", newTrial(1));
        storage.reportIntermediate("gone", t.number(), 1, 0.5);
        storage.finishTrial("gone", t.number(), TrialState.COMPLETE, 0.5, Map.of("val_loss", 0.7), 1, null);
        storage.setStudyAttribute("gone", "search.trials", "4");
        storage.startTrial("kept", newTrial(2));

        assertTrue(storage.deleteStudy("gone"));
        assertEquals(Optional.empty(), storage.findStudy("gone"));
        assertEquals(List.of("kept"), storage.studyNames());
        assertEquals(1, storage.trials("kept").size());
        assertFalse(storage.deleteStudy("gone"), "nothing left to delete");
        // the name is free again
        storage.createStudy(study("gone"));
        assertEquals(List.of(), storage.trials("gone"));
        assertEquals(Map.of(), storage.studyAttributes("gone"));
    }

    @Test
    void studyWithoutCreationTimeGetsNow() {
        Instant before = Instant.now().minusMillis(1);
        storage.createStudy(new StudyRecord("s", null, null, "loss", Direction.MINIMIZE, null));
        StudyRecord found = storage.findStudy("s").orElseThrow();
        assertNull(found.spaceText());
        assertNull(found.spaceFile());
        assertEquals(Direction.MINIMIZE, found.direction());
        assertFalse(found.createdAt().isBefore(before));
        assertFalse(found.createdAt().isAfter(Instant.now()));
    }

    @Test
    void studyNamesListsStudiesInCreationOrder() {
        assertEquals(List.of(), storage.studyNames());
        storage.createStudy(study("zeta"));
        storage.createStudy(study("alpha"));
        storage.createStudy(study("mid"));
        assertEquals(List.of("zeta", "alpha", "mid"), storage.studyNames());
    }

    @Test
    void duplicateStudyNameIsAUserErrorAndKeepsTheFirst() {
        storage.createStudy(study("s"));
        StudyRecord other = new StudyRecord("s", "other", null, "loss", Direction.MINIMIZE, CREATED);
        assertUserError(() -> storage.createStudy(other), "'s'", "already exists");
        assertEquals(Optional.of(study("s")), storage.findStudy("s"));
        assertEquals(List.of("s"), storage.studyNames());
    }

    @Test
    void blankStudyNameIsAUserError() {
        assertUserError(() -> storage.createStudy(study(" ")), "name");
    }

    // ---- starting trials

    @Test
    void setTrialParamsReplacesTheParamsOfARunningTrialOnly() {
        storage.createStudy(study("s"));
        storage.startTrial("s", new NewTrial(Map.of("lr", 0.1, "units", 64L), 1, null, "w"));
        assertTrue(storage.setTrialParams("s", 0, Map.of("lr", 0.2)));
        assertEquals(Map.of("lr", 0.2), storage.trial("s", 0).orElseThrow().params());
        assertTrue(storage.finishTrial("s", 0, TrialState.COMPLETE, 1.0, Map.of(), 1, null));
        assertFalse(storage.setTrialParams("s", 0, Map.of("lr", 0.3)), "a finished trial never changes");
        assertEquals(Map.of("lr", 0.2), storage.trial("s", 0).orElseThrow().params());
    }

    @Test
    void startTrialNumbersFromZeroPerStudy() {
        storage.createStudy(study("a"));
        storage.createStudy(study("b"));
        assertEquals(0, storage.startTrial("a", newTrial(1)).number());
        assertEquals(1, storage.startTrial("a", newTrial(2)).number());
        assertEquals(0, storage.startTrial("b", newTrial(3)).number());
        assertEquals(2, storage.startTrial("a", newTrial(4)).number());
        assertEquals(1, storage.startTrial("b", newTrial(5)).number());
        assertEquals(List.of(0, 1, 2), numbers(storage.trials("a")));
        assertEquals(List.of(0, 1), numbers(storage.trials("b")));
    }

    @Test
    void startedTrialIsRunningWithWhatItWasGiven() {
        storage.createStudy(study("s"));
        Instant before = Instant.now().minusMillis(1);
        Trial t = storage.startTrial("s", new NewTrial(Map.of("x", 1.5), 42, 7, "host-a:123"));
        assertEquals(0, t.number());
        assertEquals(TrialState.RUNNING, t.state());
        assertEquals(Map.of("x", 1.5), t.params());
        assertEquals(42, t.seed());
        assertEquals(7, t.retryOf());
        assertEquals("host-a:123", t.worker());
        assertNull(t.value());
        assertEquals(Map.of(), t.metrics());
        assertEquals(List.of(), t.intermediates());
        assertEquals(0, t.epochs());
        assertNotNull(t.startedAt());
        assertFalse(t.startedAt().isBefore(before));
        assertNull(t.finishedAt());
        assertEquals(t.startedAt(), t.heartbeat(), "a new trial is alive as of its start");
        assertNull(t.failReason());
        assertNull(t.durationSeconds());
        // What is stored is exactly what was returned.
        assertEquals(Optional.of(t), storage.trial("s", 0));
    }

    @Test
    void trialWithoutRetryOfOrWorkerKeepsNulls() {
        storage.createStudy(study("s"));
        storage.startTrial("s", new NewTrial(Map.of(), 0, null, null));
        Trial t = storage.trial("s", 0).orElseThrow();
        assertNull(t.retryOf());
        assertNull(t.worker());
        assertEquals(Map.of(), t.params());
    }

    @Test
    void trialOfUnknownNumberIsEmpty() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        assertEquals(Optional.empty(), storage.trial("s", 1));
        assertEquals(Optional.empty(), storage.trial("s", -1));
    }

    @Test
    void aNewStudyHasNoTrials() {
        storage.createStudy(study("t"));
        assertEquals(List.of(), storage.trials("t"));
        assertEquals(Optional.empty(), storage.trial("t", 0));
    }

    // ---- heartbeats and intermediates

    @Test
    void heartbeatUpdatesOnlyThatTrial() {
        storage.createStudy(study("s"));
        Trial t0 = storage.startTrial("s", newTrial(1));
        Trial t1 = storage.startTrial("s", newTrial(2));
        Instant at = Instant.parse("2030-01-02T03:04:05.678Z");
        storage.heartbeat("s", 1, at);
        assertEquals(at, storage.trial("s", 1).orElseThrow().heartbeat());
        assertEquals(t0.heartbeat(), storage.trial("s", 0).orElseThrow().heartbeat());
        Instant later = at.plusSeconds(30);
        storage.heartbeat("s", 1, later);
        assertEquals(later, storage.trial("s", 1).orElseThrow().heartbeat());
        assertEquals(t1.startedAt(), storage.trial("s", 1).orElseThrow().startedAt());
    }

    @Test
    void heartbeatsThroughTheHeartbeatStorageReachTheStudy() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        StudyStorage beats = storage.forHeartbeats();
        Instant at = Instant.parse("2030-01-02T03:04:05.678Z");
        beats.heartbeat("s", 0, at);
        assertEquals(at, storage.trial("s", 0).orElseThrow().heartbeat());
        if (beats != storage) {
            beats.close();
            // closing the heartbeats' storage leaves the worker's open
            storage.heartbeat("s", 0, at.plusSeconds(5));
            assertEquals(at.plusSeconds(5), storage.trial("s", 0).orElseThrow().heartbeat());
        }
    }

    /**
     * A storage call in flight, stuck (here: another thread holds the storage object's monitor,
     * which a database storage's calls hold while they run, e.g. while waiting out SQLite's busy
     * time-out), does not hold back a heartbeat sent through {@link StudyStorage#forHeartbeats()}.
     */
    @Test
    void aHeartbeatDoesNotWaitBehindAStuckCall() throws Exception {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        StudyStorage beats = storage.forHeartbeats();
        assumeTrue(beats != storage, "heartbeats share this storage: its calls are short");
        track(beats);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch beaten = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> call = pool.submit(() -> {
                synchronized (storage) {
                    stuck.countDown();
                    // a guard against a hang, not a timing: the heartbeat never came
                    return beaten.await(60, TimeUnit.SECONDS);
                }
            });
            assertTrue(stuck.await(60, TimeUnit.SECONDS));
            Instant at = Instant.parse("2030-01-02T03:04:05.678Z");
            beats.heartbeat("s", 0, at);
            beaten.countDown();
            assertTrue(call.get(), "the heartbeat was sent while the call was stuck");
            assertEquals(at, storage.trial("s", 0).orElseThrow().heartbeat());
        } finally {
            beaten.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void heartbeatKeepsMilliseconds() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.heartbeat("s", 0, Instant.parse("2030-01-02T03:04:05.678999999Z"));
        assertEquals(Instant.parse("2030-01-02T03:04:05.678Z"), storage.trial("s", 0).orElseThrow().heartbeat());
    }

    @Test
    void heartbeatOfAFinishedTrialChangesNothing() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.finishTrial("s", 0, TrialState.COMPLETE, 0.9, Map.of(), 3, null);
        Trial finished = storage.trial("s", 0).orElseThrow();
        storage.heartbeat("s", 0, Instant.parse("2030-01-02T03:04:05Z"));
        assertEquals(finished, storage.trial("s", 0).orElseThrow());
    }

    @Test
    void intermediatesComeBackInEpochOrderAndAReReportOverwrites() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.startTrial("s", newTrial(2));
        storage.reportIntermediate("s", 0, 2, 0.5);
        storage.reportIntermediate("s", 0, 1, 0.25);
        storage.reportIntermediate("s", 0, 3, 0.75);
        storage.reportIntermediate("s", 1, 1, 0.1);
        storage.reportIntermediate("s", 0, 2, 0.55);
        assertEquals(List.of(0.25, 0.55, 0.75), storage.trial("s", 0).orElseThrow().intermediates());
        assertEquals(List.of(0.1), storage.trial("s", 1).orElseThrow().intermediates());
        List<Trial> all = storage.trials("s");
        assertEquals(List.of(0.25, 0.55, 0.75), all.get(0).intermediates());
        assertEquals(List.of(0.1), all.get(1).intermediates());
        assertEquals(0.55, all.get(0).observation().intermediates().get(1));
    }

    @Test
    void aMissingEpochReadsAsNaNSoLaterEpochsKeepTheirIndex() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.reportIntermediate("s", 0, 1, 0.1);
        storage.reportIntermediate("s", 0, 3, 0.3);
        List<Double> values = storage.trial("s", 0).orElseThrow().intermediates();
        assertEquals(3, values.size());
        assertEquals(0.1, values.get(0));
        assertTrue(values.get(1).isNaN());
        assertEquals(0.3, values.get(2));
    }

    @Test
    void nonFiniteIntermediatesRoundTrip() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.reportIntermediate("s", 0, 1, Double.NaN);
        storage.reportIntermediate("s", 0, 2, Double.POSITIVE_INFINITY);
        storage.reportIntermediate("s", 0, 3, -0.0);
        List<Double> values = storage.trial("s", 0).orElseThrow().intermediates();
        assertTrue(values.get(0).isNaN());
        assertEquals(Double.POSITIVE_INFINITY, values.get(1));
        assertEquals(0.0, values.get(2), 0.0);
    }

    @Test
    void intermediateOfAFinishedTrialIsIgnored() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.reportIntermediate("s", 0, 1, 0.1);
        storage.finishTrial("s", 0, TrialState.PRUNED, 0.1, Map.of(), 1, null);
        storage.reportIntermediate("s", 0, 2, 0.2);
        storage.reportIntermediate("s", 0, 1, 0.9);
        assertEquals(List.of(0.1), storage.trial("s", 0).orElseThrow().intermediates());
    }

    @Test
    void epochZeroIsAWrongCall() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        assertThrows(IllegalArgumentException.class, () -> storage.reportIntermediate("s", 0, 0, 0.1));
    }

    // ---- finishing

    @Test
    void finishTrialRecordsTheOutcome() {
        storage.createStudy(study("s"));
        Trial started = storage.startTrial("s", newTrial(1));
        storage.reportIntermediate("s", 0, 1, 0.8);
        storage.reportIntermediate("s", 0, 2, 0.9);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_loss", 0.31);
        metrics.put("train_loss", 0.2);
        metrics.put("best_epoch", 2.0);
        assertTrue(storage.finishTrial("s", 0, TrialState.COMPLETE, 0.9, metrics, 2, null));
        Trial t = storage.trial("s", 0).orElseThrow();
        assertEquals(TrialState.COMPLETE, t.state());
        assertEquals(0.9, t.value());
        assertEquals(metrics, t.metrics());
        assertEquals(List.of("val_loss", "train_loss", "best_epoch"), List.copyOf(t.metrics().keySet()));
        assertEquals(2, t.epochs());
        assertEquals(List.of(0.8, 0.9), t.intermediates());
        assertNotNull(t.finishedAt());
        assertFalse(t.finishedAt().isBefore(t.startedAt()));
        assertNotNull(t.durationSeconds());
        assertNull(t.failReason());
        assertEquals(started.params(), t.params());
        assertEquals(started.startedAt(), t.startedAt());
        assertEquals(started.seed(), t.seed());
        assertEquals(started.worker(), t.worker());
    }

    @Test
    void failedTrialKeepsItsReason() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        assertTrue(storage.finishTrial("s", 0, TrialState.FAILED, null, null, 1, "NaN loss at epoch 1"));
        Trial t = storage.trial("s", 0).orElseThrow();
        assertEquals(TrialState.FAILED, t.state());
        assertNull(t.value());
        assertEquals(Map.of(), t.metrics());
        assertEquals(1, t.epochs());
        assertEquals("NaN loss at epoch 1", t.failReason());
    }

    @Test
    void aNaNObjectiveIsStoredAsNoValue() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        assertTrue(storage.finishTrial("s", 0, TrialState.COMPLETE, Double.NaN, Map.of(), 1, null));
        assertNull(storage.trial("s", 0).orElseThrow().value());
    }

    @Test
    void nonFiniteMetricsRoundTrip() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", Double.NaN);
        metrics.put("grad_norm", Double.POSITIVE_INFINITY);
        metrics.put("min", Double.NEGATIVE_INFINITY);
        metrics.put("tiny", Double.MIN_VALUE);
        metrics.put("third", 1.0 / 3);
        storage.finishTrial("s", 0, TrialState.FAILED, null, metrics, 1, "diverged");
        Map<String, Double> back = storage.trial("s", 0).orElseThrow().metrics();
        assertEquals(List.copyOf(metrics.keySet()), List.copyOf(back.keySet()));
        assertTrue(back.get("train_loss").isNaN());
        assertEquals(Double.POSITIVE_INFINITY, back.get("grad_norm"));
        assertEquals(Double.NEGATIVE_INFINITY, back.get("min"));
        assertEquals(Double.MIN_VALUE, back.get("tiny"));
        assertEquals(1.0 / 3, back.get("third"));
    }

    @Test
    void aSecondFinishReturnsFalseAndChangesNothing() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        assertTrue(storage.finishTrial("s", 0, TrialState.PRUNED, 0.4, Map.of("val_loss", 1.0), 2, null));
        Trial first = storage.trial("s", 0).orElseThrow();
        assertFalse(storage.finishTrial("s", 0, TrialState.FAILED, null, Map.of("x", 2.0), 9, "too late"));
        assertFalse(storage.finishTrial("s", 0, TrialState.COMPLETE, 0.99, Map.of(), 10, null));
        assertEquals(first, storage.trial("s", 0).orElseThrow());
    }

    @Test
    void finishingAsRunningOrWaitingIsAWrongCall() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        assertThrows(IllegalArgumentException.class,
                () -> storage.finishTrial("s", 0, TrialState.RUNNING, null, Map.of(), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> storage.finishTrial("s", 0, TrialState.WAITING, null, Map.of(), 0, null));
        assertEquals(TrialState.RUNNING, storage.trial("s", 0).orElseThrow().state());
    }

    @Test
    void trialsAreOrderedByNumberWithTheirOwnOutcomes() {
        storage.createStudy(study("s"));
        for (int i = 0; i < 12; i++) {
            storage.startTrial("s", newTrial(100 + i));
        }
        // Finish out of order, so that no storage can pass by returning rows in update order.
        for (int i : new int[]{7, 2, 11, 0, 5}) {
            storage.finishTrial("s", i, TrialState.COMPLETE, i / 10.0, Map.of(), i, null);
        }
        List<Trial> trials = storage.trials("s");
        assertEquals(IntStream.range(0, 12).boxed().toList(), numbers(trials));
        for (Trial t : trials) {
            assertEquals(100 + t.number(), t.seed());
            boolean finished = Set.of(7, 2, 11, 0, 5).contains(t.number());
            assertEquals(finished ? TrialState.COMPLETE : TrialState.RUNNING, t.state());
            assertEquals(finished ? t.number() / 10.0 : null, t.value());
        }
    }

    // ---- params

    @Test
    void paramsKeepTheirTypesAndOrder() {
        storage.createStudy(study("s"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("zeta_long", 3L);
        params.put("lr", 1.0);
        params.put("optimizer", "adam");
        params.put("nesterov", true);
        params.put("dropout", 0.25);
        params.put("big", Long.MAX_VALUE);
        params.put("negative", -7L);
        params.put("huge", 1e300);
        params.put("small", 1e-12);
        params.put("minus_zero", -0.0);
        params.put("text_number", "1");
        params.put("unicode", "学习率 ✓ \"quoted\" \\ back");
        params.put("off", false);
        params.put("absent", null);
        params.put("alpha", 0L);
        storage.startTrial("s", new NewTrial(params, 1, null, null));
        for (Trial t : List.of(storage.trial("s", 0).orElseThrow(), storage.trials("s").get(0))) {
            assertEquals(List.copyOf(params.keySet()), List.copyOf(t.params().keySet()));
            for (Map.Entry<String, Object> e : params.entrySet()) {
                Object back = t.params().get(e.getKey());
                assertEquals(e.getValue(), back, e.getKey());
                if (e.getValue() != null) {
                    assertEquals(e.getValue().getClass(), back.getClass(), e.getKey());
                }
            }
        }
    }

    @Test
    void smallerNumberTypesWidenToLongAndDouble() {
        storage.createStudy(study("s"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("int", 256);
        params.put("short", (short) 3);
        params.put("byte", (byte) 1);
        params.put("float", 0.5f);
        Trial started = storage.startTrial("s", new NewTrial(params, 1, null, null));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("int", 256L);
        expected.put("short", 3L);
        expected.put("byte", 1L);
        expected.put("float", 0.5);
        assertEquals(expected, started.params());
        assertEquals(expected, storage.trial("s", 0).orElseThrow().params());
        assertEquals(Long.class, storage.trial("s", 0).orElseThrow().params().get("int").getClass());
    }

    @Test
    void otherParamTypesAreAWrongCall() {
        storage.createStudy(study("s"));
        assertThrows(IllegalArgumentException.class,
                () -> storage.startTrial("s", new NewTrial(Map.of("layers", List.of(1, 2)), 1, null, null)));
        assertEquals(List.of(), storage.trials("s"));
    }

    @Test
    void returnedTrialsCannotChangeTheStorage() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        Trial t = storage.trial("s", 0).orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> t.params().put("lr", 9.0));
        assertThrows(UnsupportedOperationException.class, () -> t.metrics().put("x", 9.0));
        assertThrows(UnsupportedOperationException.class, () -> t.intermediates().add(9.0));
        assertEquals(0.01, storage.trial("s", 0).orElseThrow().params().get("lr"));
    }

    @Test
    void paramsGivenAreCopied() {
        storage.createStudy(study("s"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.1);
        storage.startTrial("s", new NewTrial(params, 1, null, null));
        params.put("lr", 0.2);
        assertEquals(0.1, storage.trial("s", 0).orElseThrow().params().get("lr"));
    }

    // ---- unknown studies and trials

    @Test
    void unknownStudyIsAUserErrorEverywhere() {
        storage.createStudy(study("known"));
        Instant now = Instant.now();
        List<Executable> calls = List.of(
                () -> storage.startTrial("nope", newTrial(1)),
                () -> storage.heartbeat("nope", 0, now),
                () -> storage.reportIntermediate("nope", 0, 1, 0.5),
                () -> storage.finishTrial("nope", 0, TrialState.COMPLETE, 0.5, Map.of(), 1, null),
                () -> storage.trials("nope"),
                () -> storage.trial("nope", 0));
        for (Executable call : calls) {
            assertUserError(call, "'nope'");
        }
        assertEquals(List.of("known"), storage.studyNames());
    }

    @Test
    void unknownTrialIsAUserErrorForWrites() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        assertUserError(() -> storage.heartbeat("s", 5, Instant.now()), "'s'", "5");
        assertUserError(() -> storage.reportIntermediate("s", 5, 1, 0.1), "'s'", "5");
        assertUserError(() -> storage.finishTrial("s", 5, TrialState.COMPLETE, 0.1, Map.of(), 1, null), "'s'", "5");
        assertEquals(List.of(0), numbers(storage.trials("s")));
    }

    // ---- life cycle

    @Test
    void closedStorageRefusesCallsAndClosesTwiceQuietly() {
        storage.createStudy(study("s"));
        storage.close();
        storage.close();
        assertThrows(IllegalStateException.class, () -> storage.studyNames());
        assertThrows(IllegalStateException.class, () -> storage.startTrial("s", newTrial(1)));
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.reportIntermediate("s", 0, 1, 0.5);
        storage.finishTrial("s", 0, TrialState.COMPLETE, 0.5, Map.of("val_loss", 0.7), 1, null);
        storage.startTrial("s", newTrial(2));
        List<Trial> before = storage.trials("s");
        storage.close();
        StudyStorage again = second();
        assertEquals(Optional.of(study("s")), again.findStudy("s"));
        assertEquals(before, again.trials("s"));
        assertEquals(2, again.startTrial("s", newTrial(3)).number());
    }

    @Test
    void writesAreVisibleToASecondStorageAtOnce() {
        StudyStorage other = second();
        storage.createStudy(study("s"));
        assertEquals(Optional.of(study("s")), other.findStudy("s"));
        storage.startTrial("s", newTrial(1));
        assertEquals(1, other.startTrial("s", newTrial(2)).number());
        assertTrue(other.finishTrial("s", 0, TrialState.COMPLETE, 0.3, Map.of(), 1, null));
        // The other storage finished it: this one must not finish it again.
        assertFalse(storage.finishTrial("s", 0, TrialState.FAILED, null, Map.of(), 1, "stale"));
        assertEquals(storage.trials("s"), other.trials("s"));
        assertUserError(() -> other.createStudy(study("s")), "already exists");
    }

    // ---- concurrency

    @Test
    void concurrentStartsOnOneStorageGetDistinctNumbers() throws Exception {
        storage.createStudy(study("s"));
        List<Integer> numbers = startConcurrently(List.of(storage, storage, storage, storage), "s", 50);
        assertEquals(IntStream.range(0, 200).boxed().toList(), numbers);
        assertEquals(numbers, numbers(storage.trials("s")));
    }

    @Test
    void concurrentStartsOnSeveralStoragesGetDistinctNumbers() throws Exception {
        storage.createStudy(study("s"));
        StudyStorage b = second();
        StudyStorage c = second();
        List<Integer> numbers = startConcurrently(List.of(storage, b, c, storage, b, c), "s", 30);
        assertEquals(IntStream.range(0, 180).boxed().toList(), numbers);
        assertEquals(numbers, numbers(c.trials("s")));
    }

    @Test
    void concurrentFinishesOfOneTrialSucceedOnce() throws Exception {
        storage.createStudy(study("s"));
        StudyStorage b = second();
        for (int i = 0; i < 20; i++) {
            storage.startTrial("s", newTrial(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                int n = i;
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> x = pool.submit(() -> {
                    go.await();
                    return storage.finishTrial("s", n, TrialState.COMPLETE, 1.0, Map.of(), 1, null);
                });
                Future<Boolean> y = pool.submit(() -> {
                    go.await();
                    return b.finishTrial("s", n, TrialState.FAILED, null, Map.of(), 1, "reaped");
                });
                go.countDown();
                assertTrue(x.get(30, TimeUnit.SECONDS) ^ y.get(30, TimeUnit.SECONDS), "exactly one finish of " + n);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Starts {@code perThread} trials from one thread per entry of {@code storages}, all released
     * at once; returns every number handed out, sorted.
     */

    // ---- enqueued trials, claiming, study attributes (many workers)

    @Test
    void anEnqueuedTrialWaitsWithTheNextNumberAndNoWorker() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        Trial w = storage.enqueueTrial("s", new NewTrial(Map.of("lr", 0.5), 9, null, "ignored"));
        assertEquals(1, w.number());
        assertEquals(TrialState.WAITING, w.state());
        assertNull(w.worker());
        assertNull(w.heartbeat());
        assertEquals(Map.of("lr", 0.5), w.params());
        assertEquals(Optional.of(w), storage.trial("s", 1));
        assertEquals(2, storage.startTrial("s", newTrial(2)).number());
        // not RUNNING: a heartbeat, an intermediate or a finish changes nothing
        storage.heartbeat("s", 1, Instant.now());
        storage.reportIntermediate("s", 1, 1, 0.5);
        assertFalse(storage.finishTrial("s", 1, TrialState.COMPLETE, 0.5, Map.of(), 1, null));
        assertEquals(w, storage.trial("s", 1).orElseThrow());
    }

    @Test
    void nextAppliesTheDecisionItIsGiven() {
        storage.createStudy(study("s"));
        storage.enqueueTrial("s", new NewTrial(Map.of("lr", 0.5), 9, null, null));
        List<List<Trial>> seen = new ArrayList<>();
        Next.Taken claimed = storage.next("s", trials -> {
            seen.add(trials);
            return Next.claim(0, "w-1");
        });
        assertEquals(1, seen.get(seen.size() - 1).size());
        assertEquals(TrialState.WAITING, seen.get(seen.size() - 1).get(0).state());
        Trial t = claimed.trial();
        assertEquals(TrialState.RUNNING, t.state());
        assertEquals("w-1", t.worker());
        assertEquals(9, t.seed());
        assertEquals(t.startedAt(), t.heartbeat());
        assertEquals(Optional.of(t), storage.trial("s", 0));

        Next.Taken started = storage.next("s", trials -> Next.start(new NewTrial(Map.of("lr", 0.1), 3, null, "w-2")));
        assertEquals(1, started.trial().number());
        assertEquals("w-2", storage.trial("s", 1).orElseThrow().worker());

        assertNull(storage.next("s", trials -> Next.waitAWhile()).trial());
        assertEquals(Next.Kind.STOP, storage.next("s", trials -> Next.stop(dev.liandan.study.StopReason.BUDGET)).next().kind());
        assertEquals(2, storage.trials("s").size());
    }

    @Test
    void aTrialThatIsNotWaitingCannotBeClaimed() {
        storage.createStudy(study("s"));
        storage.enqueueTrial("s", newTrial(1));
        storage.next("s", trials -> Next.claim(0, "w-1"));
        Trial running = storage.trial("s", 0).orElseThrow();
        assertThrows(IllegalStateException.class, () -> storage.next("s", trials -> Next.claim(0, "w-2")));
        assertEquals(running, storage.trial("s", 0).orElseThrow());
        assertUserError(() -> storage.next("s", trials -> Next.claim(7, "w-2")), "7");
        assertUserError(() -> storage.next("nope", trials -> Next.waitAWhile()), "'nope'");
    }

    // ---- reclaiming a lost worker's trial

    @Test
    void aTrialWithAStaleHeartbeatIsReclaimedOnceAndKeepsItsValues() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.reportIntermediate("s", 0, 1, 0.5);
        Instant beat = Instant.parse("2024-05-01T10:00:00.000Z");
        storage.heartbeat("s", 0, beat);
        assertTrue(storage.failIfStale("s", 0, beat.plusMillis(1), "worker lost"));
        Trial t = storage.trial("s", 0).orElseThrow();
        assertEquals(TrialState.FAILED, t.state());
        assertEquals("worker lost", t.failReason());
        assertNull(t.value());
        assertNotNull(t.finishedAt());
        assertEquals(List.of(0.5), t.intermediates());
        assertFalse(storage.failIfStale("s", 0, beat.plusSeconds(60), "worker lost"), "once");
        assertFalse(storage.finishTrial("s", 0, TrialState.COMPLETE, 0.9, Map.of(), 1, null),
                "the lost worker's late finish changes nothing");
        assertEquals(t, storage.trial("s", 0).orElseThrow());
    }

    /** The heartbeat is tested in the write: one that came after the reclaimer's read saves the trial. */
    @Test
    void aTrialWhoseHeartbeatIsNotOlderThanTheLimitStaysRunning() {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        Instant beat = Instant.parse("2024-05-01T10:00:00.000Z");
        storage.heartbeat("s", 0, beat);
        assertFalse(storage.failIfStale("s", 0, beat, "worker lost"), "not older than the limit");
        assertFalse(storage.failIfStale("s", 0, beat.minusSeconds(5), "worker lost"));
        Trial t = storage.trial("s", 0).orElseThrow();
        assertEquals(TrialState.RUNNING, t.state());
        assertEquals(beat, t.heartbeat());
        storage.enqueueTrial("s", newTrial(2));
        assertFalse(storage.failIfStale("s", 1, beat.plusSeconds(60), "worker lost"), "a WAITING trial is not lost");
        assertEquals(TrialState.WAITING, storage.trial("s", 1).orElseThrow().state());
        assertUserError(() -> storage.failIfStale("s", 7, beat, "worker lost"), "7");
        assertUserError(() -> storage.failIfStale("nope", 0, beat, "worker lost"), "'nope'");
    }

    // ---- reading only what is new

    /** Trials 0..4 RUNNING, 0 and 2 finished, 5 enqueued: a study with every state. */
    void mixedStudy() {
        storage.createStudy(study("s"));
        for (int i = 0; i < 5; i++) {
            storage.startTrial("s", newTrial(i));
        }
        storage.reportIntermediate("s", 1, 1, 0.25);
        storage.finishTrial("s", 0, TrialState.COMPLETE, 0.5, Map.of("val_loss", 1.0), 1, null);
        storage.finishTrial("s", 2, TrialState.FAILED, null, Map.of(), 0, "boom");
        storage.enqueueTrial("s", new NewTrial(Map.of("lr", 0.5), 9, null, null));
    }

    @Test
    void trialsFromGivesTheTailAndTheListedNumbersInOrder() {
        mixedStudy();
        List<Trial> all = storage.trials("s");
        assertEquals(6, all.size());
        List<Trial> got = storage.trialsFrom("s", 3, List.of(4, 1, 1, 99, -1));
        assertEquals(List.of(1, 3, 4, 5), numbers(got), "listed numbers below the tail, then the tail, once each");
        for (Trial t : got) {
            assertEquals(all.get(t.number()), t, "the same trial as a full read, intermediates included");
        }
        assertEquals(all, storage.trialsFrom("s", 0, List.of()));
        assertEquals(all, storage.trialsFrom("s", -3, List.of(2)));
        assertEquals(List.of(), storage.trialsFrom("s", 6, List.of()));
        assertEquals(List.of(all.get(1)), storage.trialsFrom("s", 100, List.of(1)));
        assertUserError(() -> storage.trialsFrom("nope", 0, List.of()), "'nope'");
    }

    @Test
    void manyListedNumbersStillReadExactlyThoseAndTheTail() {
        storage.createStudy(study("s"));
        int n = JdbcStorage.MAX_LISTED_NUMBERS + 20;
        for (int i = 0; i < n; i++) {
            storage.enqueueTrial("s", newTrial(i));
        }
        List<Integer> listed = new ArrayList<>();
        for (int i = 10; i < n - 1; i++) {
            if (i % 100 != 0) { // a few gaps: those must not come back
                listed.add(i);
            }
        }
        assertTrue(listed.size() > JdbcStorage.MAX_LISTED_NUMBERS, "more numbers than one IN list takes");
        List<Integer> expected = new ArrayList<>(new TreeSet<>(listed));
        expected.add(n - 1);
        assertEquals(expected, numbers(storage.trialsFrom("s", n - 1, listed)));
    }

    /**
     * A cache that reads only what is new sees exactly what a full read sees, whatever changed:
     * a trial finished, a running one's intermediates, a claimed enqueued one, new trials,
     * a heartbeat, and changes made through a second storage (another worker).
     */
    @Test
    void aCacheOfNewAndUnfinishedTrialsEqualsAFullRead() {
        mixedStudy();
        TrialCache cache = new TrialCache(storage, "s");
        assertEquals(storage.trials("s"), cache.refresh());
        assertEquals(Set.of(1, 3, 4, 5), cache.unfinishedNumbers());
        StudyStorage other = reopen() == null ? storage : track(reopen());
        other.reportIntermediate("s", 1, 2, 0.75);
        other.finishTrial("s", 3, TrialState.PRUNED, 0.1, Map.of(), 2, null);
        other.heartbeat("s", 4, Instant.parse("2030-01-01T00:00:00.007Z"));
        other.startTrial("s", newTrial(6));
        assertEquals(storage.trials("s"), cache.refresh());
        other.next("s", trials -> Next.claim(5, "w-9"));
        other.finishTrial("s", 1, TrialState.COMPLETE, 0.75, Map.of(), 2, null);
        assertEquals(storage.trials("s"), cache.refresh());
        assertEquals(storage.trials("s"), cache.refresh(), "a refresh with nothing new changes nothing");
        assertEquals(Set.of(4, 5, 6), cache.unfinishedNumbers());
        // inside the decision, under the study's lock, through the transaction's reader
        List<List<Trial>> seen = new ArrayList<>();
        storage.startTrial("s", newTrial(7));
        storage.decideNext("s", reader -> {
            seen.add(cache.refresh(reader));
            return Next.waitAWhile();
        });
        assertEquals(storage.trials("s"), seen.get(seen.size() - 1));
        assertEquals(8, cache.trials().size());
    }

    @Test
    void studyAttributesAreSetReplacedAndReadSorted() {
        storage.createStudy(study("s"));
        storage.createStudy(study("t"));
        assertEquals(Map.of(), storage.studyAttributes("s"));
        storage.setStudyAttribute("s", "search.trials", "20");
        storage.setStudyAttribute("s", "a", "x");
        storage.setStudyAttribute("s", "search.trials", "30");
        storage.setStudyAttribute("t", "a", "other");
        assertEquals(List.of("a", "search.trials"), List.copyOf(storage.studyAttributes("s").keySet()));
        assertEquals("30", storage.studyAttributes("s").get("search.trials"));
        assertEquals(Map.of("a", "other"), storage.studyAttributes("t"));
        assertUserError(() -> storage.setStudyAttribute("nope", "a", "b"), "'nope'");
        assertUserError(() -> storage.studyAttributes("nope"), "'nope'");
    }

    /**
     * Many workers decide at once, each from what it reads: with the decision under the study's
     * lock, no enqueued trial is claimed twice and the budget (60 trials) is never overshot.
     */
    @Test
    void concurrentDecisionsNeitherOvershootTheBudgetNorClaimATrialTwice() throws Exception {
        storage.createStudy(study("s"));
        for (int i = 0; i < 30; i++) {
            storage.enqueueTrial("s", new NewTrial(Map.of("i", (long) i), i, null, null));
        }
        StudyStorage b = reopen() == null ? storage : track(reopen());
        StudyStorage c = reopen() == null ? storage : track(reopen());
        List<StudyStorage> workers = List.of(storage, b, c, storage, b, c);
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Trial>>> futures = new ArrayList<>();
            for (int w = 0; w < workers.size(); w++) {
                StudyStorage s = workers.get(w);
                String name = "w-" + w;
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Trial> mine = new ArrayList<>();
                    while (true) {
                        Next.Taken taken = s.next("s", trials -> {
                            Optional<Trial> waiting = trials.stream()
                                    .filter(t -> t.state() == TrialState.WAITING).findFirst();
                            if (waiting.isPresent()) {
                                return Next.claim(waiting.get().number(), name);
                            }
                            return trials.size() < 60 ? Next.start(new NewTrial(Map.of(), 0, null, name))
                                    : Next.stop(dev.liandan.study.StopReason.BUDGET);
                        });
                        if (taken.trial() == null) {
                            return mine;
                        }
                        mine.add(taken.trial());
                    }
                }));
            }
            go.countDown();
            List<Trial> all = new ArrayList<>();
            for (Future<List<Trial>> f : futures) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            assertEquals(60, all.size(), "the budget exactly");
            assertEquals(60, new TreeSet<>(numbers(all)).size(), "no trial handed out twice");
            List<Trial> stored = storage.trials("s");
            assertEquals(60, stored.size());
            for (Trial t : stored) {
                assertEquals(TrialState.RUNNING, t.state());
                Trial taken = all.stream().filter(x -> x.number() == t.number()).findFirst().orElseThrow();
                assertEquals(taken.worker(), t.worker(), "stored worker is the one that took it");
            }
            assertEquals(30, stored.stream().filter(t -> t.params().containsKey("i")).count());
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Integer> startConcurrently(List<StudyStorage> storages, String study, int perThread)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(storages.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (StudyStorage s : storages) {
                Callable<List<Integer>> task = () -> {
                    go.await();
                    List<Integer> got = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        got.add(s.startTrial(study, newTrial(i)).number());
                    }
                    return got;
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : futures) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            TreeSet<Integer> distinct = new TreeSet<>(all);
            assertEquals(all.size(), distinct.size(), "no number handed out twice");
            return List.copyOf(distinct);
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Integer> numbers(List<Trial> trials) {
        return trials.stream().map(Trial::number).toList();
    }
}
