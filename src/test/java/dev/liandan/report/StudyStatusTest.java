package dev.liandan.report;

import dev.liandan.core.TrialState;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.NewTrial;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyStatusTest {
    @TempDir
    Path tmp;

    @Test
    void progressOfARunningStudyFromStorage() {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        try (StudyStorage storage = JdbcStorage.sqlite(tmp.resolve("study.db"), clock)) {
            List<Trial> done = ReportFixtures.study(storage, clock, "live", 10, "NaN loss", "relu");
            // two trials running: one on its third epoch, one whose worker stopped beating
            Trial a = storage.startTrial("live", new NewTrial(Map.of("epochs", 5L, "lr", 0.01), 1, null, "hostA:12"));
            storage.heartbeat("live", a.number(), clock.instant());
            Trial b = storage.startTrial("live", new NewTrial(Map.of("epochs", 5L, "lr", 0.02), 2, null, "hostB:7"));
            storage.heartbeat("live", b.number(), clock.instant());
            storage.reportIntermediate("live", a.number(), 1, 0.5);
            storage.reportIntermediate("live", a.number(), 2, 0.5);
            storage.reportIntermediate("live", a.number(), 3, 0.8123);
            clock.advance(Duration.ofSeconds(90));
            storage.heartbeat("live", a.number(), clock.instant());

            List<Trial> trials = storage.trials("live");
            String text = StudyStatus.text(storage.findStudy("live").orElseThrow(), trials, 25, clock.instant());
            assertEquals(25, StudyStatus.fileBudget(storage.findStudy("live").orElseThrow()), "search.trials of the file");
            long complete = done.stream().filter(t -> t.state() == TrialState.COMPLETE).count();
            assertTrue(text.startsWith("Study 'live': val_accuracy, maximize\n"), text);
            assertTrue(text.contains("trials: 10 of 25 finished (2 running, " + complete
                    + " complete, 1 pruned, 2 failed); 1 interrupted, re-run"), text);
            Trial best = dev.liandan.study.Ranking.ranked(trials, dev.liandan.core.Direction.MAXIMIZE).get(0);
            assertTrue(text.contains("best so far: val_accuracy " + Leaderboard.number(best.value()) + " (trial "
                    + best.number() + ")"), text);
            assertTrue(text.contains("  trial " + a.number() + "  epoch 3/5  val_accuracy 0.8123  running 0:01:30  on hostA:12\n"),
                    text);
            assertTrue(text.contains("  trial " + b.number() + "  epoch 0/5  val_accuracy -  running 0:01:30  on hostB:7"
                    + "  (no heartbeat for 0:01:30: its worker may be gone)"), text);
            // 10 counted trials of 10 s each; 15 left, 2 at a time
            assertTrue(text.contains("ETA: 0:01:15 (15 trials left, 10.0 s per trial on average, 2 at a time)"), text);
        }
    }
}
