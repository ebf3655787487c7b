package dev.liandan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.ensemble.Method;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
 * Renders reports in headless Chromium (Debian's chromium package; .ci/run installs it) and checks
 * each section as a reader would meet it: the page's script ran without console errors and
 * nothing was fetched; after layout (a checking script injected into a copy of the page, its
 * findings read back with --dump-dom) every section has its content, no text of a plot overlaps
 * another or sticks out of it, and no card is wider than the page gives it; in a screenshot of the
 * whole page every section's area is drawn, not blank. The crops are kept under
 * {@code target/report-screenshots/} to look at. Skipped, saying so, only where no chromium is installed.
 */
class ReportBrowserTest {
    static final Path SHOTS = Path.of("target/report-screenshots");
    static final int WIDTH = 1200;

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

    private static String browser() {
        Optional<String> browser = chromium();
        Assumptions.assumeTrue(browser.isPresent(),
                "SKIPPED: no chromium on PATH (install Debian's chromium package; .ci/run does)");
        return browser.get();
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
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s: " + Files.readString(err));
        }
        Run run = new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        noConsoleErrors(run.err());
        return run;
    }

    private static void noConsoleErrors(String log) {
        for (String line : log.lines().toList()) {
            assertFalse(line.contains("Uncaught") || (line.contains(":CONSOLE") && !line.contains(":INFO:CONSOLE")),
                    "console error: " + line);
            assertFalse(line.contains("net::ERR_"), "a network fetch was tried: " + line);
        }
    }

    /** The page after layout, as the injected checking script measured it. */
    private JsonNode layout(String browser, Path page) throws Exception {
        String script;
        try (InputStream in = ReportBrowserTest.class.getResourceAsStream("layout-check.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String html = Files.readString(page);
        Path checked = page.resolveSibling("checked-" + page.getFileName());
        Files.writeString(checked, html.replace("</body>", "<script>\n" + script + "</script>\n</body>"));
        // laid out at the screenshot's width, so the boxes measured are the ones the screenshot shows
        String dom = chromium(browser, "--virtual-time-budget=5000", "--window-size=" + WIDTH + ",1000", "--dump-dom",
                checked.toUri().toString()).out();
        Matcher m = Pattern.compile("<pre id=\"layout-report\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the checking script ran");
        String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        return new ObjectMapper().readTree(json);
    }

    /**
     * Every section of {@code expected} is on the page with content, without overlaps, and drawn in a
     * screenshot; returns the page's DOM after its script ran.
     */
    private String sectionsLookRight(String browser, String name, Path page, List<String> expected,
                                     List<String> withPlots) throws Exception {
        JsonNode layout = layout(browser, page);
        assertEquals(List.of(), toList(layout.path("problems")), "layout problems on " + name);
        List<String> ids = new ArrayList<>();
        for (JsonNode s : layout.path("sections")) {
            String id = s.path("id").asText();
            ids.add(id);
            assertTrue(s.path("box").path("height").asDouble() > 60, id + " has a height: " + s);
            assertTrue(s.path("text").asInt() > 20, id + " has text: " + s);
            if (withPlots.contains(id)) {
                assertTrue(s.path("svgs").asInt() >= 1 && s.path("drawn").asInt() > 10 * s.path("svgs").asInt(),
                        id + " has drawn plots: " + s);
                assertTrue(s.path("texts").asInt() > 4, id + "'s plots have labels: " + s);
            }
        }
        assertTrue(ids.containsAll(expected), name + ": sections " + ids + ", expected " + expected);

        int height = Math.min(layout.path("height").asInt(), 16000);
        Path png = tmp.resolve(name + ".png");
        chromium(browser, "--virtual-time-budget=5000", "--window-size=" + WIDTH + "," + height,
                "--screenshot=" + png, page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        Files.createDirectories(SHOTS);
        for (JsonNode s : layout.path("sections")) {
            JsonNode b = s.path("box");
            int x = (int) Math.max(0, b.path("left").asDouble());
            int y = (int) Math.max(0, b.path("top").asDouble());
            int w = (int) Math.min(b.path("width").asDouble(), image.getWidth() - x);
            int h = (int) Math.min(b.path("height").asDouble(), image.getHeight() - y);
            if (w <= 0 || h <= 0) {
                continue; // below the screenshot's limit
            }
            BufferedImage crop = image.getSubimage(x, y, w, h);
            ImageIO.write(crop, "png", SHOTS.resolve(name + "-" + s.path("id").asText() + ".png").toFile());
            Set<Integer> colours = new HashSet<>();
            long ink = 0;
            for (int py = 0; py < h; py++) {
                for (int px = 0; px < w; px++) {
                    int rgb = crop.getRGB(px, py) & 0xffffff;
                    colours.add(rgb);
                    if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 600) {
                        ink++;
                    }
                }
            }
            String id = s.path("id").asText();
            assertTrue(ink > 0.005 * w * h, id + " is drawn on the screen: " + ink + " dark pixels of " + w * h);
            if (withPlots.contains(id)) {
                assertTrue(colours.size() > 40, id + " shows its plots' colours: " + colours.size());
            }
        }
        return chromium(browser, "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()).out();
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static final List<String> SECTIONS = List.of("summary", "leaderboard", "history", "learning-rate",
            "learning-curves", "parallel-coordinates", "importance", "contours", "slices", "edf");
    static final List<String> PLOTTED = List.of("history", "learning-rate", "learning-curves", "parallel-coordinates",
            "importance", "contours", "slices", "edf");

    @Test
    void everySectionOfAStudyRendersWithoutOverlapsAndUserTextStaysText() throws Exception {
        String browser = browser();
        Path dir = tmp.resolve("study");
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        List<Trial> trials = ReportFixtures.study(storage, clock, "<script>alert(1)</script>", 24,
                "<script>alert(2)</script>", "<img src=x onerror=alert(3)>");
        StudyReport report = StudyReport.of(storage.findStudy("<script>alert(1)</script>").orElseThrow(), trials, dir,
                null, Instant.parse("2026-01-05T11:00:00Z"));
        Path page = dir.resolve("report.html");
        report.write(page);

        String html = sectionsLookRight(browser, "fixture", page, SECTIONS, PLOTTED);
        // the script ran: it titles each sortable column
        assertTrue(html.contains("title=\"sort by rank\""), "the page's script ran");
        // the study name is text, not markup: the only script element is the page's own
        assertEquals(1, Pattern.compile("<script").matcher(html).results().count());
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("<img"));
        Matcher svg = Pattern.compile("<svg id=\"([^\"]+)\"").matcher(html);
        Set<String> ids = new HashSet<>();
        while (svg.find()) {
            ids.add(svg.group(1));
        }
        assertTrue(ids.containsAll(List.of("history", "lr-vs-objective", "batch-vs-best-lr", "learning-curves",
                "parallel-coordinates", "importance", "slice-lr", "edf")), ids.toString());
        assertTrue(ids.stream().filter(i -> i.startsWith("contour-")).count() == 3, "three pairs of three: " + ids);
    }

    @Test
    void theComparisonPageRendersEachSection() throws Exception {
        String browser = browser();
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        List<Trial> a = ReportFixtures.study(storage, clock, "wide", 24, "boom", "relu");
        List<Trial> b = ReportFixtures.study(storage, clock, "narrow", 12, "boom", "tanh");
        StudyComparison comparison = StudyComparison.of(List.of(
                new StudyComparison.Entry(storage.findStudy("wide").orElseThrow(), a, tmp.resolve("wide")),
                new StudyComparison.Entry(storage.findStudy("narrow").orElseThrow(), b, tmp.resolve("narrow"))),
                Instant.parse("2026-01-05T11:00:00Z"));
        Path page = tmp.resolve(StudyComparison.fileName(List.of("wide", "narrow")));
        comparison.write(page);
        String html = sectionsLookRight(browser, "compare", page, List.of("studies", "best-so-far", "edf", "importance"),
                List.of("best-so-far", "edf"));
        assertTrue(html.contains("<thead><tr><th></th><th>wide</th><th>narrow</th></tr></thead>"), "a column per study");
        assertTrue(html.contains("<tr><th>best lr</th>"), "the searched parameters' best values");
        assertFalse(html.contains("<tr><th>best epochs</th>"), "not a setting both studies share");
    }

    /** A real study trained by the dl4j backend, its real ensemble bundle, and the report of both. */
    @Test
    void aRealStudyWithItsEnsembleBundleRenders() throws Exception {
        String browser = browser();
        RealIrisStudy real = RealIrisStudy.sweep(tmp.resolve("work"), Method.CARUANA);
        try (var storage = real.storage()) {
            StudyReport report = StudyReport.of(storage.findStudy(RealIrisStudy.NAME).orElseThrow(),
                    storage.trials(RealIrisStudy.NAME), real.studyDir(), null, Instant.now());
            Path page = real.studyDir().resolve("report.html");
            report.write(page);
            List<String> sections = new ArrayList<>(SECTIONS);
            sections.add("ensemble");
            String html = sectionsLookRight(browser, "real", page, sections, PLOTTED);

            // the ensemble's own row has both scores, as the bundle's manifest holds them
            var metric = real.ensemble().manifest().metric();
            Matcher row = Pattern.compile("<table class=\"facts\" id=\"ensemble-scores\">.*?</tr><tr><th>([^<]*)</th>"
                    + "<td>([^<]*)</td><td>([^<]*)</td>", Pattern.DOTALL).matcher(html);
            assertTrue(row.find(), "the ensemble row");
            assertEquals(Leaderboard.number(metric.validation()), row.group(2), row.group());
            assertEquals(Leaderboard.number(metric.test()), row.group(3), row.group());
            assertFalse(row.group(2).isEmpty() || row.group(3).isEmpty());
            assertTrue(html.contains("id=\"ensemble-cross-fit\""), "the cross-fit verdict is shown");
            // the reproduce command names the space file by its absolute path
            assertTrue(html.contains("liandan sweep " + real.spaceFile().toAbsolutePath().normalize() + " --seed 11"),
                    "reproduce command");
        }
    }
}
