package dev.liandan.report;

import dev.liandan.storage.InMemoryStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders a report in headless Chromium (Debian's chromium package; .ci/run installs it) and checks
 * that the page's script ran without console errors, the plots are in the DOM and drew, and
 * nothing was fetched. Skipped, saying so, only where no chromium is installed.
 */
class ReportBrowserTest {
    @TempDir
    Path tmp;

    static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private record Run(String out, String err) {
    }

    private Run chromium(String browser, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile")));
        command.addAll(List.of(args));
        Path out = tmp.resolve("out-" + System.nanoTime());
        Path err = tmp.resolve("err-" + System.nanoTime());
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void noConsoleErrors(String log) {
        for (String line : log.lines().toList()) {
            assertFalse(line.contains("Uncaught") || (line.contains(":CONSOLE") && !line.contains(":INFO:CONSOLE")),
                    "console error: " + line);
            assertFalse(line.contains("net::ERR_"), "a network fetch was tried: " + line);
        }
    }

    @Test
    void theReportRendersInChromium() throws Exception {
        Optional<String> browser = chromium();
        Assumptions.assumeTrue(browser.isPresent(),
                "SKIPPED: no chromium on PATH (install Debian's chromium package; .ci/run does)");
        Path dir = tmp.resolve("study");
        Files.createDirectories(dir.resolve("ensemble"));
        Files.writeString(dir.resolve("ensemble/manifest.json"),
                "{\"method\": \"caruana\", \"members\": [{\"trial\": 2, \"weight\": 1.0}], \"test\": 0.97}");
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        List<Trial> trials = ReportFixtures.study(storage, clock, "<script>alert(1)</script>", 24,
                "<script>alert(2)</script>", "<img src=x onerror=alert(3)>");
        StudyReport report = StudyReport.of(storage.findStudy("<script>alert(1)</script>").orElseThrow(), trials, dir,
                null, Instant.parse("2026-01-05T11:00:00Z"));
        Path page = dir.resolve("report.html");
        report.write(page);

        Run dom = chromium(browser.get(), "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString());
        noConsoleErrors(dom.err());
        String html = dom.out();
        // the script ran: it titles each sortable column
        assertTrue(html.contains("title=\"sort by rank\""), "the page's script ran");
        // the study name is text, not markup: the only script element is the page's own
        assertEquals(1, Pattern.compile("<script").matcher(html).results().count());
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("<img"));
        // every plot is an SVG with drawn elements
        Matcher svg = Pattern.compile("<svg id=\"([^\"]+)\"(.*?)</svg>", Pattern.DOTALL).matcher(html);
        Set<String> ids = new HashSet<>();
        while (svg.find()) {
            ids.add(svg.group(1));
            String body = svg.group(2);
            long drawn = Pattern.compile("<(path|line|circle|rect|polyline|polygon)\\b").matcher(body).results().count();
            assertTrue(drawn > 10, svg.group(1) + " drew " + drawn + " elements");
        }
        assertTrue(ids.containsAll(List.of("history", "lr-vs-objective", "batch-vs-best-lr", "learning-curves",
                "parallel-coordinates", "importance", "slice-lr")), ids.toString());

        Path png = tmp.resolve("shot.png");
        Run shot = chromium(browser.get(), "--window-size=1200,2600", "--screenshot=" + png, page.toUri().toString());
        noConsoleErrors(shot.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        // not blank: the plots' colours are on the screen (the history's blue points, the best-so-far red line)
        int blue = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (Math.abs(((rgb >> 16) & 0xff) - 0x4e) < 12 && Math.abs(((rgb >> 8) & 0xff) - 0x79) < 12
                        && Math.abs((rgb & 0xff) - 0xa7) < 12) {
                    blue++;
                }
            }
        }
        assertTrue(colours.size() > 100, "a drawn page has many colours, got " + colours.size());
        assertTrue(blue > 50, "plot points drawn: " + blue);
    }
}
