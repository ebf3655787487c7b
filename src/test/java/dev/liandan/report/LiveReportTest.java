package dev.liandan.report;

import dev.liandan.storage.JdbcStorage;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertTrue(Files.readString(out).contains("5 of 10 trials finished"));
            live.trialFinished(trials.get(trials.size() - 1), 6, 0.9);
            String html = Files.readString(out);
            assertTrue(html.contains("6 of 10 trials finished") && html.contains("http-equiv=\"refresh\""));
            live.studyEnded(new StudyResult("live", 10, 6, 1, null, "budget"));
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
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("cannot update the report "), warnings.get(0));
        }
    }
}
