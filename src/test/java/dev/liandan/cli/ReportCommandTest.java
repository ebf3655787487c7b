package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny real sweep, then the report and status commands on its storage. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void sweepWritesTheReportAndTheCommandsReadTheStudy() throws Exception {
        Path space = CliRunner.space(tmp, "digits-small.yaml", 2);
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString(), "--trials", "2");
        assertEquals(0, sweep.exitCode(), sweep.err());
        Path live = results.resolve("digits-small/report.html");
        assertTrue(sweep.out().contains("Report: " + live), sweep.out());
        String html = Files.readString(live);
        assertTrue(html.contains("<section id=\"history\">") && html.contains("<svg"), "written by the sweep");
        assertFalse(html.contains("http-equiv=\"refresh\""), "the sweep's last write is the final report");
        assertTrue(html.contains("2 in storage: 2 complete"), "both trials in it");

        Path out = tmp.resolve("elsewhere/r.html");
        CliRunner.Result report = CliRunner.run("report", "--study", "digits-small", "--results", results.toString(),
                "--out", out.toString(), "--images");
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.out().contains("Report written to " + out), report.out());
        assertTrue(Files.size(out) > 10_000);
        assertTrue(Files.size(tmp.resolve("elsewhere/report-images/history.svg")) > 1000);
        assertTrue(Files.size(tmp.resolve("elsewhere/report-images/history.png")) > 1000);

        CliRunner.Result status = CliRunner.run("status", "--study", "digits-small", "--results", results.toString(),
                "--trials", "5");
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("trials: 2 of 5 finished (2 complete)"), status.out());
        assertTrue(status.out().contains("running: none"), status.out());
        assertTrue(status.out().contains("ETA: "), status.out());
    }

    @Test
    void anUnknownStudyIsOneLineAndExitCodeTwo() {
        for (String command : new String[]{"report", "status"}) {
            CliRunner.Result r = CliRunner.run(command, "--study", "nope", "--results", tmp.toString());
            assertEquals(2, r.exitCode(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("liandan: no study 'nope' in "), r.err());
            assertFalse(Files.exists(tmp.resolve("nope")), "nothing created");
        }
    }
}
