package dev.liandan.report;

import dev.liandan.core.TrialState;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.CompositeListener;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.TrialBackend;
import dev.liandan.study.TrialOutcome;
import dev.liandan.study.StudyResult;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveReportTest {
    @TempDir
    Path tmp;

    @Test
    void rewrittenAfterEachTrialThenFinal() throws Exception {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        try (StudyStorage storage = JdbcStorage.sqlite(tmp.resolve("s/study.db"), clock)) {
            List<Trial> trials = ReportFixtures.study(storage, clock, "live", 9, "boom", "relu");
            Path out = tmp.resolve("s/report.html");
            List<String> warnings = new ArrayList<>();
            LiveReport live = new LiveReport(storage, tmp.resolve("s"), out, warnings::add);
            live.studyStarted("live", 10, 5, null);
            live.flush();
            assertTrue(Files.readString(out).contains("5 of 10 trials finished"));
            live.trialFinished(trials.get(trials.size() - 1), 6, 0.9);
            live.flush();
            String html = Files.readString(out);
            assertTrue(html.contains("6 of 10 trials finished") && html.contains("http-equiv=\"refresh\""));
            live.studyEnded(new StudyResult("live", 10, 6, 1, null, dev.liandan.study.StopReason.BUDGET));
            html = Files.readString(out);
            assertFalse(html.contains("http-equiv=\"refresh\""), "the final report no longer reloads");
            assertTrue(html.contains("<section id=\"parallel-coordinates\">"));
            try (Stream<Path> files = Files.list(tmp.resolve("s"))) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
            }
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void aReportThatCannotBeWrittenWarnsOnceAndDoesNotStopTheSweep() throws Exception {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        try (StudyStorage storage = JdbcStorage.sqlite(tmp.resolve("s/study.db"), clock)) {
            List<Trial> trials = ReportFixtures.study(storage, clock, "live", 8, "boom", "relu");
            Path blocked = tmp.resolve("file");
            Files.writeString(blocked, "not a folder");
            List<String> warnings = new ArrayList<>();
            LiveReport live = new LiveReport(storage, tmp.resolve("s"), blocked.resolve("report.html"), warnings::add);
            live.studyStarted("live", 5, 3, null);
            live.trialFinished(trials.get(0), 4, null);
            live.flush();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("cannot update the report "), warnings.get(0));
        }
    }

    /**
     * The sweep does not wait for report writes: a writer held back until every trial has
     * finished blocks no trial (were it on the trial path, the sweep could not finish them and the
     * writer would be let go only by its guard). The states that piled up are coalesced, and
     * when run returns the final report is written and holds every trial.
     */
    @Test
    void aSlowWriterDelaysNoTrialAndTheFinalReportHasThemAll() throws Exception {
        int budget = 6;
        Path space = tmp.resolve("iris.yaml");
        Files.writeString(space, """
                study: live-slow
                data: {path: %s, label: label, validation: 0.3, test: 0.0, split_seed: 1}
                model: {hidden_layers: 1, units: {int: [4, 16]}}
                training: {epochs: 1, lr: {float: [1.0e-3, 1.0e-1], log: true}}
                objective: {metric: val_accuracy}
                search: {sampler: random, trials: %d, seed: 5}
                """.formatted(Path.of("data/iris.csv").toAbsolutePath(), budget));
        StudySpec spec = SpaceFileParser.parse(space);
        CountDownLatch allFinished = new CountDownLatch(1);
        AtomicBoolean releasedByGuard = new AtomicBoolean();
        List<Integer> writtenTrials = Collections.synchronizedList(new ArrayList<>());
        List<StudyReport.Live> writtenStates = Collections.synchronizedList(new ArrayList<>());
        Path out = tmp.resolve("s/report.html");
        try (StudyStorage storage = JdbcStorage.sqlite(tmp.resolve("s/study.db"))) {
            LiveReport live = new LiveReport(storage, out, warning -> { }, (record, trials, state) -> {
                if (writtenStates.isEmpty() && !awaitQuietly(allFinished)) {
                    releasedByGuard.set(true); // a deadlock guard, not a timing: the trials never all finished
                }
                writtenTrials.add(trials.size());
                writtenStates.add(state);
                StudyReport.of(record, trials, tmp.resolve("s"), state, java.time.Instant.now()).write(out);
                return java.util.Optional.empty();
            });
            StudyListener lastTrial = new StudyListener() {
                @Override
                public void trialFinished(Trial trial, int finished, Double best) {
                    if (finished == budget) {
                        allFinished.countDown();
                    }
                }
            };
            TrialBackend instant = request -> new TrialOutcome(TrialState.COMPLETE, 0.5, Map.of(), 1, null);
            StudyResult result = new StudyRunner(storage, instant, tmp.resolve("s"), new CompositeListener(live, lastTrial))
                    .run(spec, budget);
            assertEquals(budget, result.finished());
            assertFalse(releasedByGuard.get(), "the first report write held up the trials");
            assertEquals(0L, allFinished.getCount());
            // the first write (held back), at most one coalesced live state, the final report
            assertTrue(writtenStates.size() >= 2 && writtenStates.size() <= 3, writtenStates.toString());
            assertEquals(budget, writtenTrials.get(writtenTrials.size() - 1), writtenTrials.toString());
            assertNull(writtenStates.get(writtenStates.size() - 1), "the last write is the final report");
            String html = Files.readString(out);
            assertFalse(html.contains("http-equiv=\"refresh\""), "the final report no longer reloads");
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
