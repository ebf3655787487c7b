package dev.liandan.report;

import dev.liandan.core.TrialState;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.Ranking;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's content for small studies written into real storages with known values. */
class StudyReportTest {
    @TempDir
    Path tmp;

    static final Instant NOW = Instant.parse("2026-01-05T11:00:00Z");

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        assertTrue(start >= 0, "section " + id + " present");
        return html.substring(start, html.indexOf("</section>", start));
    }

    /**
     * A host whose Java runtime cannot load Java2D's font libraries (seen on a minimal GPU server:
     * libfontmanager.so needs libharfbuzz.so.0) still gets the report: every table, a note with the
     * reason where each plot would be, and the reason for the caller to print once.
     */
    @Test
    void aHostWhereJava2dCannotDrawGetsTheTablesAndTheReason() {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        try (StudyStorage storage = JdbcStorage.sqlite(tmp.resolve("s/study.db"), clock)) {
            List<Trial> trials = ReportFixtures.study(storage, clock, "small", 25, "NaN loss at epoch 1", "relu");
            StudyRecord record = storage.findStudy("small").orElseThrow();
            int plots = count(StudyReport.of(record, trials, tmp.resolve("s"), null, NOW).html(), "<figure class=\"plot\">");
            StudyReport report = StudyReport.of(record, trials, tmp.resolve("s"), null, NOW);
            String reason = "libfontmanager.so: libharfbuzz.so.0: cannot open shared object file: No such file or directory";
            NoClassDefFoundError failure = new NoClassDefFoundError("Could not initialize class sun.awt.X11FontManager");
            failure.initCause(new UnsatisfiedLinkError(reason));
            String note = report.plot("first", () -> {
                throw failure;
            }, 900, 380);
            assertTrue(note.contains("Plot not drawn") && note.contains(reason), note);

            String html = report.html();
            assertFalse(html.contains("<svg"), "no plot drawn after the first failure");
            assertTrue(plots >= 8, "a healthy report of this study has its plots: " + plots);
            assertEquals(plots, count(html, "Plot not drawn: Java2D cannot draw on this host (" + reason + ")"), html);
            assertTrue(section(html, "leaderboard").contains("<table"), "the tables stand");
            assertEquals(java.util.Optional.of(reason), report.plotsUnavailable());
        }
    }

    @Test
    void everySectionIsThereWithTheNumbersOfStorage() {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        try (StudyStorage storage = JdbcStorage.sqlite(tmp.resolve("s/study.db"), clock)) {
            List<Trial> trials = ReportFixtures.study(storage, clock, "small", 25, "NaN loss at epoch 1", "relu");
            StudyRecord record = storage.findStudy("small").orElseThrow();
            String html = StudyReport.of(record, trials, tmp.resolve("s"), null, NOW).html();

            for (String id : List.of("summary", "leaderboard", "history", "learning-rate", "learning-curves",
                    "parallel-coordinates", "importance", "contours", "slices", "edf")) {
                assertTrue(section(html, id).contains("<svg") || id.equals("summary") || id.equals("leaderboard"),
                        id + " has a plot");
            }
            assertFalse(html.contains("id=\"ensemble\""), "no ensemble section without a manifest");
            assertFalse(html.contains("id=\"lr-find\""), "no lr-find section without its files");
            assertFalse(html.contains("http-equiv=\"refresh\""), "a finished study's report does not reload");
            assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing fetched");

            // summary: best value and trial, epochs spent, counts by state, sampler, reproduce command
            Trial best = Ranking.ranked(trials, record.direction()).get(0);
            assertTrue(html.contains("<strong id=\"best-value\">" + Leaderboard.number(best.value()) + "</strong>"));
            assertTrue(html.contains("<span id=\"best-trial\">" + best.number() + "</span>"));
            int epochs = trials.stream().mapToInt(Trial::epochs).sum();
            assertTrue(html.contains("<span id=\"epochs-spent\">" + epochs + "</span>"), "epochs spent " + epochs);
            long complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count();
            assertTrue(html.contains("26 in storage: " + complete + " complete, 1 pruned, 2 failed (1 interrupted and re-run)"),
                    section(html, "summary"));
            assertTrue(section(html, "summary").contains("<td>random</td>"));
            assertTrue(section(html, "summary").contains("<details><summary>settings shared by every trial</summary>"
                    + "<table class=\"params\"><tr><th>epochs</th><td>5</td></tr></table></details>"),
                    "fixed settings folded away");
            assertTrue(section(html, "summary").contains("<td>none</td>"), "no pruner");
            // the trials' wall time: 26 trials of 10 s on the manual clock
            assertTrue(section(html, "summary").contains("0:04:20 (first trial started"), section(html, "summary"));
            int index = (int) trials.stream().filter(t -> t.retryOf() == null && t.number() < best.number()).count();
            // the space file is not where the study says (spaces/study.yaml from the results' parent): a placeholder
            assertTrue(html.contains("liandan sweep SPACE_FILE --seed 5 --trials " + (index + 1) + " --results "
                    + tmp.resolve("s").toAbsolutePath().normalize().resolve("reproduce")), section(html, "summary"));
            assertTrue(section(html, "summary").contains("save the stored text"), section(html, "summary"));

            // leaderboard: one row per trial, each value as storage has it, the failure reason shown
            String board = section(html, "leaderboard");
            assertEquals(trials.size(), count(board, "<tr class="));
            for (Trial t : trials) {
                Matcher m = Pattern.compile("<tr class=\"" + t.state().name().toLowerCase() + "\" data-trial=\""
                        + t.number() + "\">(.*?)</tr>").matcher(board);
                assertTrue(m.find(), "row of trial " + t.number());
                if (t.value() != null) {
                    assertTrue(m.group(1).contains("<td>" + Leaderboard.number(t.value()) + "</td>"), m.group(1));
                }
            }
            assertTrue(board.contains("FAILED: NaN loss at epoch 1"));

            // importance over the searched parameters, lr clearly first
            Map<String, Double> shares = StudyReport.of(record, trials, tmp, null, NOW).importances();
            assertEquals(List.of("lr", "batch_size", "units", "activation").stream().sorted().toList(),
                    shares.keySet().stream().sorted().toList(), "searched parameters only (epochs is fixed)");
            assertEquals("lr", shares.keySet().iterator().next(), shares.toString());
            assertEquals(1.0, shares.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            assertTrue(section(html, "importance").contains("<td>lr</td>"));

            // the scaling rule: the fixture's best lr grows with the batch size
            assertTrue(html.contains("id=\"scaling-slope\""), section(html, "learning-rate"));
            // slices: one per varying parameter
            assertEquals(4, count(section(html, "slices"), "<svg"));
        }
    }

    @Test
    void plotsAreDrawnSvgWithUniqueIdsAndToolTips() {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        List<Trial> trials = ReportFixtures.study(storage, clock, "small", 22, "boom", "relu");
        String html = StudyReport.of(storage.findStudy("small").orElseThrow(), trials, tmp, null, NOW).html();
        Matcher svgs = Pattern.compile("<svg id=\"([^\"]+)\"").matcher(html);
        java.util.Set<String> ids = new java.util.HashSet<>();
        while (svgs.find()) {
            assertTrue(ids.add(svgs.group(1)), "unique svg id " + svgs.group(1));
        }
        assertTrue(ids.size() >= 9, ids.toString());
        Matcher clip = Pattern.compile("id=\"([^\"]*clipPath[^\"]*)\"").matcher(html);
        java.util.Set<String> clips = new java.util.HashSet<>();
        while (clip.find()) {
            assertTrue(clips.add(clip.group(1)), "clip path ids unique across charts: " + clip.group(1));
        }
        assertTrue(html.contains("<title>trial 0 (complete): val_accuracy "), "points name their trial");
        assertEquals(1, count(html, "<script"), "one script: the page's own");
    }

    @Test
    void userStringsAreEscaped() {
        String evil = "<script>alert(1)</script>";
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        try (StudyStorage storage = JdbcStorage.sqlite(tmp.resolve("e/study.db"), clock)) {
            List<Trial> trials = ReportFixtures.study(storage, clock, evil, 21, "<script>alert(2)</script> & \"quotes\"",
                    "\"><img src=x onerror=alert(3)>");
            String html = StudyReport.of(storage.findStudy(evil).orElseThrow(), trials, tmp.resolve("e<b>"), null, NOW)
                    .html();
            assertEquals(1, count(html, "<script"), "only the page's own script element");
            assertFalse(html.contains("<img"), "no injected element");
            assertFalse(html.contains("alert(2)</script>"));
            assertTrue(html.contains("<span class=\"study-name\">&lt;script&gt;alert(1)&lt;/script&gt;</span>"),
                    "the study name shows as text");
            assertTrue(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; — liandan report</title>"));
            assertTrue(html.contains("FAILED: &lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;quotes&quot;"));
            assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"), "parameter values escaped");
            assertFalse(html.contains("e<b>"), "paths escaped");
        }
    }

    @Test
    void importanceFromFewTrialsComesWithItsSpreadAndNoneBelowFive() {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        List<Trial> trials = ReportFixtures.study(storage, clock, "few", 12, "boom", "relu");
        StudyReport report = StudyReport.of(storage.findStudy("few").orElseThrow(), trials, tmp, null, NOW);
        String importance = section(report.html(), "importance");
        assertTrue(importance.contains("<svg"), importance);
        assertTrue(importance.contains("Only 10 complete trials: read the ranking with its spread."), importance);
        Map<String, Importance.Share> shares = report.importanceShares();
        assertEquals(4, shares.size(), shares.toString());
        assertTrue(shares.values().stream().allMatch(s -> s.spread() > 0 && s.spread() < 0.5), shares.toString());
        for (Map.Entry<String, Importance.Share> e : shares.entrySet()) {
            assertTrue(importance.contains("<tr><td>" + e.getKey() + "</td><td>"
                    + String.format(java.util.Locale.ROOT, "%.1f%%</td><td>%.1f%%</td></tr>", 100 * e.getValue().mean(),
                    100 * e.getValue().spread())), importance);
        }
        assertTrue(section(report.html(), "contours").contains("<svg"), "contours from the same trials");

        // trials 0 to 4: four complete, one pruned
        StudyReport small = StudyReport.of(storage.findStudy("few").orElseThrow(), trials.subList(0, 5), tmp, null, NOW);
        assertTrue(section(small.html(), "importance").contains("Shown from 5 complete trials on; this study has 4."),
                section(small.html(), "importance"));
        assertTrue(small.importances().isEmpty());
    }

    @Test
    void theReproduceCommandNamesTheSpaceFileFoundFromTheResultsParent() throws Exception {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        List<Trial> trials = ReportFixtures.study(storage, clock, "found", 8, "boom", "relu");
        StudyRecord record = storage.findStudy("found").orElseThrow();
        // the sweep ran in tmp/work with --results results: the space file is tmp/work/spaces/study.yaml
        Path work = tmp.resolve("work");
        Files.createDirectories(work.resolve("spaces"));
        Files.writeString(work.resolve("spaces/study.yaml"), record.spaceText());
        Path studyDir = work.resolve("results/found");
        String summary = section(StudyReport.of(record, trials, studyDir, null, NOW).html(), "summary");
        assertTrue(summary.contains("liandan sweep " + work.toAbsolutePath().normalize().resolve("spaces/study.yaml")
                + " --seed 5 --trials "), summary);
        assertFalse(summary.contains("SPACE_FILE"), summary);

        // a file of that name with other text is not the study's space file
        Files.writeString(work.resolve("spaces/study.yaml"), record.spaceText() + "# edited\n");
        assertTrue(section(StudyReport.of(record, trials, studyDir, null, NOW).html(), "summary")
                .contains("liandan sweep SPACE_FILE"));
    }

    @Test
    void noSlopeFromOneTrialPerBatchSize() {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        // one complete trial per batch size
        Map<Object, Trial> first = new java.util.LinkedHashMap<>();
        ReportFixtures.study(storage, clock, "thin", 25, "boom", "relu").stream()
                .filter(t -> t.state() == TrialState.COMPLETE).forEach(t -> first.putIfAbsent(t.params().get("batch_size"), t));
        List<Trial> trials = List.copyOf(first.values());
        assertTrue(trials.size() >= 2, "the fixture spans two batch sizes or more: " + first.keySet());
        long fewest = 1;
        String lr = section(StudyReport.of(storage.findStudy("thin").orElseThrow(), trials, tmp, null, NOW).html(),
                "learning-rate");
        assertTrue(lr.contains("batch-vs-best-lr"), "the points are drawn: " + lr);
        assertFalse(lr.contains("scaling-slope"), lr);
        assertTrue(lr.contains("id=\"scaling-caveat\">No slope: a batch size has only " + fewest + " complete trial"), lr);
    }

    @Test
    void anEmptyStudyStillMakesAPage() {
        InMemoryStorage storage = new InMemoryStorage();
        storage.createStudy(ReportFixtures.record("empty", ""));
        String html = StudyReport.of(storage.findStudy("empty").orElseThrow(), List.of(), tmp, new StudyReport.Live(10, 0),
                NOW).html();
        assertTrue(html.contains("no complete trial yet"));
        assertTrue(html.contains("No trials yet."));
        assertTrue(html.contains("http-equiv=\"refresh\""), "a live report reloads");
        assertTrue(html.contains("0 of 10 trials finished"));
    }

    @Test
    void ensembleAndLrFindSectionsFromTheirFiles() throws Exception {
        Path dir = tmp.resolve("study");
        Files.createDirectories(dir.resolve("ensemble"));
        Files.createDirectories(dir.resolve("lr-find"));
        Files.writeString(dir.resolve("ensemble/manifest.json"), """
                {"format": "liandan-ensemble/1", "method": "caruana",
                 "metric": {"name": "accuracy", "validation": 0.979, "test": 0.9733},
                 "members": [{"trial": 2, "weight": 0.6, "validation": 0.971, "test": 0.962},
                             {"trial": 9, "weight": 0.4, "validation": 0.965, "test": 0.958}],
                 "best_single": {"trial": 2, "validation": 0.971, "test": 0.962}}
                """);
        StringBuilder csv = new StringBuilder("lr,loss\n");
        for (int i = 0; i <= 60; i++) {
            double lr = 1e-7 * Math.pow(10, i / 7.5);
            csv.append(lr).append(',').append(2.3 - 1.5 / (1 + Math.exp(-(Math.log10(lr) + 3))) + (i > 52 ? (i - 52) * 0.5 : 0))
                    .append('\n');
        }
        Files.writeString(dir.resolve("lr-find/lr-find.csv"), csv);
        Files.writeString(dir.resolve("lr-find/suggestion.json"), "{\"lr\": 0.001, \"range\": [0.0001, 0.01]}");
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        List<Trial> trials = ReportFixtures.study(storage, clock, "withfiles", 10, "boom", "relu");
        String html = StudyReport.of(storage.findStudy("withfiles").orElseThrow(), trials, dir, null, NOW).html();

        String ensemble = section(html, "ensemble");
        assertTrue(ensemble.contains("<th>ensemble (caruana)</th><td>0.9790</td><td>0.9733</td>"), ensemble);
        assertTrue(ensemble.contains("<th>best single trial (2)</th><td>0.9710</td><td>0.9620</td>"), ensemble);
        assertTrue(ensemble.contains("<tr><td>9</td><td>0.4000</td><td>0.9650</td><td>0.9580</td></tr>"), ensemble);
        String lrFind = section(html, "lr-find");
        assertTrue(lrFind.contains("<svg"));
        assertTrue(lrFind.contains("<strong id=\"lr-suggestion\">0.001</strong>; suggested search range 0.000100 to 0.01"),
                lrFind);
        assertTrue(html.contains("<a href=\"#ensemble\">") && html.contains("<a href=\"#lr-find\">"));

        Files.writeString(dir.resolve("ensemble/manifest.json"), "{\"members\": 3");
        Files.writeString(dir.resolve("lr-find/lr-find.csv"), "lr,loss\n0.1,x\n");
        String broken = StudyReport.of(storage.findStudy("withfiles").orElseThrow(), trials, dir, null, NOW).html();
        assertTrue(section(broken, "ensemble").contains("Could not read the ensemble manifest"), section(broken, "ensemble"));
        assertTrue(section(broken, "lr-find").contains("line 2: expected two numbers, got &#39;0.1,x&#39;"),
                section(broken, "lr-find"));
    }

    @Test
    void writesAtomicallyAndWritesImages() throws Exception {
        ReportFixtures.ManualClock clock = new ReportFixtures.ManualClock();
        InMemoryStorage storage = new InMemoryStorage(clock);
        List<Trial> trials = ReportFixtures.study(storage, clock, "img", 21, "boom", "relu");
        StudyReport report = StudyReport.of(storage.findStudy("img").orElseThrow(), trials, tmp, null, NOW);
        Path out = tmp.resolve("out/report.html");
        report.write(out);
        report.write(out);
        assertEquals(report.html(), Files.readString(out));
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of("report.html"), files.map(p -> p.getFileName().toString()).toList(), "no temp file left");
        }
        List<Path> images = report.writeImages(tmp.resolve("out/report-images"));
        assertTrue(images.contains(tmp.resolve("out/report-images/history.svg")));
        assertTrue(images.contains(tmp.resolve("out/report-images/parallel-coordinates.png")));
        for (Path p : images) {
            if (p.toString().endsWith(".png")) {
                BufferedImage image = ImageIO.read(p.toFile());
                assertNotNull(image, p.toString());
                assertTrue(image.getWidth() >= 400, p.toString());
            } else {
                String svg = Files.readString(p);
                assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.contains("<path"), p.toString());
            }
        }
    }
}
