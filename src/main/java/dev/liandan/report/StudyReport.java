package dev.liandan.report;

import dev.liandan.study.StudyLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.liandan.core.Seeds;
import dev.liandan.core.TrialState;
import dev.liandan.study.Ranking;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.LostTrials;
import dev.liandan.study.Trial;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The HTML report of a study: one self-contained file (styles, script and SVG plots inline, no
 * network fetch) built from storage only, plus the ensemble manifest and LR range test files in
 * the study's folder when they exist (see {@link StudyFiles}). Every user-supplied string is
 * escaped. The plots can also be written as SVG and PNG files ({@link #writeImages}).
 */
public final class StudyReport {
    public static final String FILE_NAME = "report.html";
    public static final String IMAGES_DIR = "report-images";
    /** Fewer complete trials than this and there is no importance to show (with few more, its spread says how noisy). */
    public static final int MIN_TRIALS_FOR_IMPORTANCE = Importance.MIN_TRIALS;
    /** The parameters the contour plots pair: the most important ones. */
    static final int CONTOUR_PARAMS = 3;
    /** A best learning rate per batch size is a slope's point only when it was the best of this many trials. */
    static final int MIN_TRIALS_PER_BATCH = 3;
    /** The parameter names the learning-rate plots look for (the dl4j backend's settings). */
    static final String LR = "lr";
    static final String BATCH = "batch_size";
    static final int TOP_CURVES = 5;
    static final int MAX_PRUNED_CURVES = 20;
    /** The folder, inside the study's, that the reproduce command sweeps into. */
    static final String REPRODUCE_DIR = "reproduce";
    /** Seconds between reloads of a live report. */
    static final int LIVE_REFRESH_S = 15;

    /** A sweep in progress: the report reloads itself and says how far it is. */
    public record Live(int budget, int finished) {
    }

    private final StudyRecord study;
    private final List<Trial> trials;
    private final Path studyDir;
    private final Live live;
    private final Instant now;
    private final List<Trial> complete;
    private final List<ParamAxis> axes;
    private final List<Plot> plots = new ArrayList<>();
    private final Map<String, Object> settings;
    private final Path spaceFile; // the space file as found from here; null when it is not where the study says
    private Map<String, Importance.Share> importance;
    private String html;
    private String plotsUnavailable; // why Java2D could not draw here; null while it can

    private StudyReport(StudyRecord study, List<Trial> trials, Path studyDir, Live live, Instant now) {
        this.study = study;
        this.trials = List.copyOf(trials);
        this.studyDir = studyDir;
        this.live = live;
        this.now = now;
        this.complete = Ranking.ranked(trials, study.direction());
        this.spaceFile = SpaceFileLocation.find(study, studyDir).orElse(null);
        this.axes = ParamAxis.of(study, trials, spaceFile != null ? spaceFile
                : study.spaceFile() == null ? null : Path.of(study.spaceFile()));
        this.settings = searchSettings(study.spaceText());
    }

    /**
     * @param studyDir the study's folder, where the ensemble and lr-find files are looked for
     * @param live     null for a finished study
     */
    public static StudyReport of(StudyRecord study, List<Trial> trials, Path studyDir, Live live, Instant now) {
        return new StudyReport(study, trials, studyDir, live, now);
    }

    /** The page. */
    public synchronized String html() {
        if (html == null) {
            html = build();
        }
        return html;
    }

    /** Writes the page atomically: a temporary file in the same folder, then a rename over {@code out}. */
    public void write(Path out) {
        atomicWrite(out, html());
    }

    static void atomicWrite(Path out, String text) {
        Path target = out.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file system's default permissions apply
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes every plot as {@code <id>.svg} and {@code <id>.png} into {@code dir}; returns the files. */
    public List<Path> writeImages(Path dir) {
        html();
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        for (Plot p : plots) {
            Path svg = dir.resolve(p.id() + ".svg");
            atomicWrite(svg, Svg.render(p.chart(), p.width(), p.height(), p.id(), false));
            Path png = dir.resolve(p.id() + ".png");
            Svg.png(p.chart(), p.width(), p.height(), png);
            files.add(svg);
            files.add(png);
        }
        return files;
    }

    /**
     * The chart drawn as inline SVG; where Java2D cannot draw on this host, a note instead. A
     * minimal host (a GPU server running PyTorch trials, say) may lack the native font libraries
     * Java2D loads with the first text (libharfbuzz, libfreetype): the report's tables still
     * stand, and {@link #plotsUnavailable} says why the plots are missing.
     */
    String plot(String id, Supplier<org.jfree.chart.JFreeChart> chart, int width, int height) {
        if (plotsUnavailable == null) {
            try {
                Plot p = new Plot(id, chart.get(), width, height);
                String svg = p.svg();
                plots.add(p);
                return "<figure class=\"plot\">" + svg + "</figure>\n";
            } catch (LinkageError e) { // UnsatisfiedLinkError, then "Could not initialize class" in later reports
                plotsUnavailable = rootMessage(e);
            }
        }
        return "<p class=\"note\">Plot not drawn: Java2D cannot draw on this host (" + h(plotsUnavailable) + ").</p>\n";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /** Why this report has no plots (Java2D's native libraries missing on this host); empty when it has them. */
    public Optional<String> plotsUnavailable() {
        html();
        return Optional.ofNullable(plotsUnavailable);
    }

    private static String h(Object s) {
        return Html.escape(s);
    }

    private String build() {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"liandan\">\n");
        if (live != null) {
            b.append("<meta http-equiv=\"refresh\" content=\"").append(LIVE_REFRESH_S).append("\">\n");
        }
        b.append("<title>").append(h(study.name())).append(" — liandan report</title>\n<style>\n")
                .append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        b.append("<header><h1>Study <span class=\"study-name\">").append(h(study.name())).append("</span></h1>\n");
        b.append("<p class=\"meta\">liandan report, generated ").append(h(instant(now)));
        if (live != null) {
            b.append("</p>\n<p class=\"live\" id=\"live\">Sweep in progress: ").append(live.finished()).append(" of ")
                    .append(live.budget()).append(" trials finished. This page reloads every ").append(LIVE_REFRESH_S)
                    .append(" s.");
        }
        b.append("</p>\n<nav>");
        for (String[] link : new String[][]{{"summary", "Summary"}, {"leaderboard", "Leaderboard"},
                {"history", "History"}, {"learning-rate", "Learning rate"}, {"learning-curves", "Learning curves"},
                {"parallel-coordinates", "Parallel coordinates"}, {"importance", "Importance"},
                {"contours", "Contours"}, {"slices", "Slices"}, {"edf", "EDF"}}) {
            b.append("<a href=\"#").append(link[0]).append("\">").append(link[1]).append("</a> ");
        }
        Optional<StudyFiles.Ensemble> ensemble = StudyFiles.ensemble(studyDir);
        Optional<StudyFiles.LrFind> lrFind = StudyFiles.lrFind(studyDir);
        if (ensemble.isPresent()) {
            b.append("<a href=\"#ensemble\">Ensemble</a> ");
        }
        if (lrFind.isPresent()) {
            b.append("<a href=\"#lr-find\">LR range test</a> ");
        }
        b.append("</nav></header>\n<main>\n");
        summary(b);
        leaderboard(b);
        history(b);
        learningRate(b);
        learningCurves(b);
        parallel(b);
        importance(b);
        contours(b);
        slices(b);
        edf(b);
        ParetoSection.section(study.spaceText(), trials, (id, c) -> plot(id, () -> c, 700, 480)).ifPresent(b::append);
        PredictedVsTrue.section(trials, study.direction(), studyDir,
                c -> plot("predicted-vs-true", () -> c, 700, 560)).ifPresent(b::append);
        ensemble.ifPresent(e -> ensemble(b, e));
        lrFind.ifPresent(f -> lrFind(b, f));
        b.append("</main>\n<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = StudyReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void section(StringBuilder b, String id, String title) {
        b.append("<section id=\"").append(id).append("\">\n<h2>").append(h(title)).append("</h2>\n");
    }

    private static void note(StringBuilder b, String text) {
        b.append("<p class=\"note\">").append(h(text)).append("</p>\n");
    }

    private String metric() {
        return study.metric();
    }

    // ---- summary

    private void summary(StringBuilder b) {
        section(b, "summary", "Summary");
        b.append("<table class=\"facts\">\n");
        row(b, "study", h(study.name()));
        row(b, "space file", "<code>" + h(spaceFile != null ? spaceFile : study.spaceFile()) + "</code>");
        row(b, "objective", h(metric() + ", " + study.direction().name().toLowerCase(Locale.ROOT)));
        row(b, "sampler", h(setting("sampler", "random")));
        row(b, "pruner", h(setting("pruner", "none")));
        row(b, "trials", h(stateCounts()));
        Trial best = complete.isEmpty() ? null : complete.get(0);
        row(b, "best " + h(metric()), best == null ? "<span class=\"none\">no complete trial yet</span>"
                : "<strong id=\"best-value\">" + h(Leaderboard.number(best.value())) + "</strong> (trial <span id=\"best-trial\">"
                + best.number() + "</span>)");
        if (best != null) {
            // the parameters that vary first; the settings every trial shares folded away
            StringBuilder params = new StringBuilder("<table class=\"params\">");
            StringBuilder fixed = new StringBuilder();
            best.params().forEach((k, v) -> (axis(k).isPresent() ? params : fixed).append("<tr><th>").append(h(k))
                    .append("</th><td>").append(h(Leaderboard.param(v))).append("</td></tr>"));
            params.append("</table>");
            if (fixed.length() > 0) {
                params.append("<details><summary>settings shared by every trial</summary><table class=\"params\">")
                        .append(fixed).append("</table></details>");
            }
            row(b, "best params", params.toString());
            row(b, "reproduce", reproduce(best));
        }
        row(b, "wall time", h(wallTime()));
        row(b, "trial time", h(clock(trialSeconds())) + " (sum over trials)");
        row(b, "epochs spent", "<span id=\"epochs-spent\">" + trials.stream().mapToInt(Trial::epochs).sum() + "</span>");
        row(b, "created", h(instant(study.createdAt())));
        b.append("</table>\n");
        if (study.spaceText() != null && !study.spaceText().isBlank()) {
            b.append("<details><summary>space file as stored</summary><pre class=\"space\">").append(h(study.spaceText()))
                    .append("</pre></details>\n");
        }
        b.append("</section>\n");
    }

    private static void row(StringBuilder b, String name, String valueHtml) {
        b.append("<tr><th>").append(name).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private String stateCounts() {
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        trials.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        for (TrialState s : TrialState.values()) {
            int n = counts.getOrDefault(s, 0);
            if (n > 0 || s == TrialState.COMPLETE) {
                String part = n + " " + s.name().toLowerCase(Locale.ROOT);
                long interrupted = trials.stream().filter(LostTrials::isInterrupted).count();
                if (s == TrialState.FAILED && interrupted > 0) {
                    part += " (" + interrupted + " interrupted and re-run)";
                }
                parts.add(part);
            }
        }
        return trials.size() + " in storage: " + String.join(", ", parts);
    }

    private String wallTime() {
        Instant first = trials.stream().map(Trial::startedAt).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        Instant last = trials.stream().map(t -> t.finishedAt() != null ? t.finishedAt() : t.heartbeat())
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        if (first == null || last == null) {
            return "-";
        }
        return clock(Duration.between(first, last).toMillis() / 1000.0) + " (first trial started " + instant(first)
                + ", last activity " + instant(last) + ")";
    }

    private double trialSeconds() {
        return trials.stream().map(Trial::durationSeconds).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    static String instant(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** search.sampler, search.pruner, search.seed of the stored space file, read leniently. */
    static Map<String, Object> searchSettings(String spaceText) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (spaceText == null || spaceText.isBlank()) {
            return out;
        }
        try {
            JsonNode search = new ObjectMapper(new YAMLFactory()).readTree(spaceText).path("search");
            search.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isValueNode()
                    ? (e.getValue().isIntegralNumber() ? (Object) e.getValue().asLong() : e.getValue().asText())
                    : e.getValue().toString()));
        } catch (IOException | RuntimeException e) {
            // an unreadable text leaves the defaults
        }
        return out;
    }

    private String setting(String key, String fallback) {
        Object v = settings.get(key);
        return v == null ? fallback : v.toString();
    }

    /**
     * A sequential sweep is deterministic given the seed, so running the space file again into a
     * fresh results folder with the same seed and just enough trials re-runs the best trial's
     * configuration with its training seed as its last trial. Every path in the command is
     * absolute, so it runs from any folder.
     */
    private String reproduce(Trial best) {
        List<Trial> proposals = trials.stream().filter(t -> t.retryOf() == null).toList();
        int original = best.retryOf() == null ? best.number() : best.retryOf();
        int index = 0;
        while (index < proposals.size() && proposals.get(index).number() != original) {
            index++;
        }
        long fileSeed = settings.get("seed") instanceof Long l ? l : 0L;
        boolean seedKnown = !proposals.isEmpty()
                && (Seeds.mix(fileSeed, 0) & 0x7fffffffL) == proposals.get(0).seed();
        Path results = studyDir.toAbsolutePath().normalize().resolve(REPRODUCE_DIR);
        String space = spaceFile != null ? spaceFile.toString() : "SPACE_FILE";
        String command = "liandan sweep " + shellWord(space) + " --seed " + (seedKnown ? fileSeed : "SEED")
                + " --trials " + (index + 1) + " --results " + shellWord(results.toString());
        StringBuilder s = new StringBuilder("<code id=\"reproduce\">").append(h(command)).append("</code><br>")
                .append("<span class=\"note\">Trials run one after another are determined by the seed, so trial ")
                .append(index + 1).append(" of that run has the best trial's configuration and training seed (")
                .append(best.seed()).append(")");
        if (!seedKnown) {
            s.append("; the sweep ran with a --seed other than the file's search.seed: put that seed for SEED");
        }
        if (spaceFile == null) {
            s.append("; the space file ").append(h(study.spaceFile() == null ? "" : study.spaceFile()))
                    .append(" is not where the study was created from (or has changed since): save the stored text"
                            + " below (\"space file as stored\") and put its path for SPACE_FILE");
        }
        s.append(". Trials run by several workers at once may be proposed in another order.</span>");
        s.append("<br><span class=\"note\">The trained model: <code>")
                .append(h(new StudyLayout(studyDir.toAbsolutePath().normalize()).model(best.number())))
                .append("</code></span>");
        return s.toString();
    }

    private static String shellWord(String s) {
        if (s == null) {
            return "SPACE_FILE";
        }
        return s.matches("[A-Za-z0-9_./:=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    // ---- leaderboard

    private void leaderboard(StringBuilder b) {
        section(b, "leaderboard", "Leaderboard");
        Leaderboard board = Leaderboard.of(study, trials, 0, true);
        b.append("<p class=\"note\">Complete trials ranked by ").append(h(metric()))
                .append(", then the pruned, failed and running ones. Click a column to sort.</p>\n");
        // the script fills the hint in when the table is wider than the card
        b.append("<p class=\"scroll-hint\" id=\"leaderboard-hint\" hidden></p>\n");
        b.append("<div class=\"scroll\" id=\"leaderboard-scroll\" tabindex=\"0\">"
                + "<table class=\"board sortable\" id=\"leaderboard-table\">\n<thead><tr>");
        for (String c : board.header()) {
            b.append("<th>").append(h(c)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (Leaderboard.Row r : board.rows()) {
            b.append("<tr class=\"").append(r.trial().state().name().toLowerCase(Locale.ROOT))
                    .append("\" data-trial=\"").append(r.trial().number()).append("\">");
            for (String c : board.cells(r)) {
                b.append("<td>").append(h(c)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    // ---- plots

    private void history(StringBuilder b) {
        section(b, "history", "Optimisation history");
        if (trials.isEmpty()) {
            note(b, "No trials yet.");
        } else {
            b.append(plot("history", () -> Charts.history(metric(), study.direction(), trials), 900, 380));
        }
        b.append("</section>\n");
    }

    private Optional<ParamAxis> axis(String name) {
        return axes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private void learningRate(StringBuilder b) {
        section(b, "learning-rate", "Learning rate");
        Optional<ParamAxis> lr = axis(LR);
        if (lr.isEmpty() || lr.get().categorical()) {
            note(b, "The trials do not vary a numeric parameter named '" + LR + "', so there is no learning-rate plot.");
        } else if (complete.isEmpty()) {
            note(b, "No complete trial yet.");
        } else {
            String batch = axis(BATCH).filter(a -> !a.categorical() || allNumeric(BATCH)).map(ParamAxis::name).orElse(null);
            b.append(plot("lr-vs-objective", () -> Charts.lrScatter(metric(), complete, LR, batch), 900, 400));
            Optional<ScalingRule> rule = batch == null ? Optional.empty()
                    : ScalingRule.of(trials, study.direction(), LR, batch);
            if (rule.isPresent()) {
                int fewest = rule.get().fewestTrials();
                b.append(plot("batch-vs-best-lr", () -> Charts.scalingRule(metric(), complete, rule.get(), LR, batch,
                        fewest >= MIN_TRIALS_PER_BATCH), 900, 400));
                if (fewest >= MIN_TRIALS_PER_BATCH) {
                    b.append("<p>The best ").append(h(LR)).append(" at each ").append(h(batch))
                            .append(": slope of log ").append(h(LR)).append(" against log ").append(h(batch))
                            .append(" <strong id=\"scaling-slope\">")
                            .append(String.format(Locale.ROOT, "%.2f", rule.get().slope()))
                            .append("</strong> over ").append(rule.get().points().size())
                            .append(" batch sizes (each the best of ").append(fewest)
                            .append(" complete trials or more); the linear scaling rule (Goyal et al. 2017) predicts 1.</p>\n");
                } else {
                    b.append("<p class=\"caveat\" id=\"scaling-caveat\">No slope: a batch size has only ").append(fewest)
                            .append(" complete trial").append(fewest == 1 ? "" : "s")
                            .append(", so its point is whatever ").append(h(LR)).append(" that trial drew, not the best ")
                            .append(h(LR)).append(" there. A slope is given once every batch size has ")
                            .append(MIN_TRIALS_PER_BATCH).append(" complete trials.</p>\n");
                }
            } else {
                note(b, "The best learning rate per batch size needs complete trials at two batch sizes or more.");
            }
        }
        b.append("</section>\n");
    }

    private boolean allNumeric(String param) {
        return trials.stream().map(t -> t.params().get(param)).filter(Objects::nonNull).allMatch(v -> v instanceof Number);
    }

    private void learningCurves(StringBuilder b) {
        section(b, "learning-curves", "Learning curves");
        List<Trial> top = complete.stream().filter(t -> !t.intermediates().isEmpty()).limit(TOP_CURVES).toList();
        List<Trial> pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED && !t.intermediates().isEmpty())
                .limit(MAX_PRUNED_CURVES).toList();
        if (top.isEmpty() && pruned.isEmpty()) {
            note(b, "No per-epoch values yet.");
        } else {
            b.append("<p class=\"note\">").append(h(metric())).append(" after each epoch: the ").append(top.size())
                    .append(" best complete trials").append(pruned.isEmpty() ? "" : " and the pruned ones (grey)")
                    .append(".</p>\n");
            b.append(plot("learning-curves", () -> Charts.learningCurves(metric(), top, pruned), 900, 400));
        }
        b.append("</section>\n");
    }

    private void parallel(StringBuilder b) {
        section(b, "parallel-coordinates", "Parallel coordinates");
        if (complete.size() < 2 || axes.isEmpty()) {
            note(b, complete.size() < 2 ? "Needs two complete trials or more." : "No parameter varies between trials.");
        } else {
            b.append("<p class=\"note\">One line per complete trial, coloured by ").append(h(metric()))
                    .append(" (bright: better); each axis spans the parameter's range.</p>\n");
            int width = Math.max(900, 90 * (axes.size() + 1) + 120);
            b.append(plot("parallel-coordinates", () -> Charts.parallel(metric(), study.direction(), axes, complete),
                    width, 440));
        }
        b.append("</section>\n");
    }

    /** The parameters the importance is computed over: the searched ones when the space is known. */
    List<ParamAxis> importanceAxes() {
        List<ParamAxis> searched = axes.stream().filter(ParamAxis::searched).toList();
        return searched.isEmpty() ? axes : searched;
    }

    /** fANOVA shares by parameter, largest first; empty below {@link #MIN_TRIALS_FOR_IMPORTANCE} complete trials. */
    public Map<String, Double> importances() {
        Map<String, Double> out = new LinkedHashMap<>();
        importanceShares().forEach((k, v) -> out.put(k, v.mean()));
        return out;
    }

    /** The shares with their bootstrap spread, largest first. */
    synchronized Map<String, Importance.Share> importanceShares() {
        if (importance == null) {
            importance = Importance.of(importanceAxes(), complete);
        }
        return importance;
    }

    private void importance(StringBuilder b) {
        section(b, "importance", "Parameter importance");
        if (complete.size() < MIN_TRIALS_FOR_IMPORTANCE) {
            note(b, "Shown from " + MIN_TRIALS_FOR_IMPORTANCE + " complete trials on; this study has "
                    + complete.size() + ".");
        } else if (importanceAxes().isEmpty()) {
            note(b, "No parameter varies between trials.");
        } else {
            Map<String, Importance.Share> shares = importanceShares();
            b.append("<p class=\"note\">How much of the variance of ").append(h(metric()))
                    .append(" each parameter explains on its own: fANOVA (Hutter et al. 2014) over a random forest of ")
                    .append(Fanova.TREES).append(" regression trees fitted to the ").append(complete.size())
                    .append(" complete trials, parameters on their unit scale (log where searched on a log scale)."
                            + " Main effects only; the shares are normalised to sum to 100%. The whiskers and the ± column"
                            + " are the standard deviation over ").append(Importance.RESAMPLES)
                    .append(" bootstrap resamples of the trials: wide whiskers mean too few trials to rank the parameters.</p>\n");
            if (complete.size() < 20) {
                b.append("<p class=\"caveat\" id=\"importance-caveat\">Only ").append(complete.size())
                        .append(" complete trials: read the ranking with its spread.</p>\n");
            }
            b.append(plot("importance", () -> Charts.importance(shares), 900, 70 + 34 * shares.size()));
            b.append("<table class=\"importance\" id=\"importance-table\"><tr><th>parameter</th><th>share</th>"
                    + "<th>± (bootstrap s.d.)</th></tr>");
            shares.forEach((k, v) -> b.append("<tr><td>").append(h(k)).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f%%", 100 * v.mean())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f%%", 100 * v.spread())).append("</td></tr>"));
            b.append("</table>\n");
        }
        b.append("</section>\n");
    }

    /** The numeric or categorical parameters the contour plots pair: the most important first. */
    List<ParamAxis> contourAxes() {
        List<ParamAxis> use = importanceAxes();
        Map<String, Importance.Share> shares = importanceShares();
        List<ParamAxis> ordered = new ArrayList<>(use);
        if (!shares.isEmpty()) {
            List<String> rank = new ArrayList<>(shares.keySet());
            ordered.sort(java.util.Comparator.comparingInt(a -> rank.indexOf(a.name())));
        }
        return ordered.subList(0, Math.min(CONTOUR_PARAMS, ordered.size()));
    }

    private void contours(StringBuilder b) {
        section(b, "contours", "Contour plots");
        List<ParamAxis> top = contourAxes();
        if (complete.size() < MIN_TRIALS_FOR_IMPORTANCE || top.size() < 2) {
            note(b, top.size() < 2 ? "Needs two parameters that vary between trials."
                    : "Shown from " + MIN_TRIALS_FOR_IMPORTANCE + " complete trials on; this study has "
                    + complete.size() + ".");
        } else {
            b.append("<p class=\"note\">").append(h(metric())).append(" over pairs of the ")
                    .append(importanceShares().isEmpty() ? "searched" : "most important").append(" parameters (")
                    .append(h(String.join(", ", top.stream().map(ParamAxis::name).toList())))
                    .append("): the colour is a kernel-smoothed estimate from the complete trials (white points),"
                            + " averaged over the other parameters; far from any point it is a guess.</p>\n");
            b.append("<div class=\"grid\">\n");
            for (int i = 0; i < top.size(); i++) {
                for (int j = i + 1; j < top.size(); j++) {
                    ParamAxis x = top.get(i);
                    ParamAxis y = top.get(j);
                    b.append(plot(uniqueId("contour-", x.name() + "-" + y.name()),
                            () -> Charts.contour(metric(), study.direction(), x, y, complete), 540, 420));
                }
            }
            b.append("</div>\n");
        }
        b.append("</section>\n");
    }

    private void edf(StringBuilder b) {
        section(b, "edf", "Empirical distribution");
        if (complete.isEmpty()) {
            note(b, "No complete trial yet.");
        } else {
            b.append("<p class=\"note\">For each value of ").append(h(metric()))
                    .append(", the share of complete trials that reached it or better: a curve far to the ")
                    .append(study.direction() == dev.liandan.core.Direction.MAXIMIZE ? "right" : "left")
                    .append(" means most trials of this space do well.</p>\n");
            Map<String, List<Trial>> one = new LinkedHashMap<>();
            one.put(study.name(), complete);
            b.append(plot("edf", () -> Charts.edf(metric(), study.direction(), one), 900, 360));
        }
        b.append("</section>\n");
    }

    private void slices(StringBuilder b) {
        section(b, "slices", "Slice plots");
        if (complete.isEmpty() || axes.isEmpty()) {
            note(b, complete.isEmpty() ? "No complete trial yet." : "No parameter varies between trials.");
        } else {
            b.append("<p class=\"note\">").append(h(metric())).append(" against each parameter, one point per complete"
                    + " trial, coloured by trial number (light: early, dark: late).</p>\n");
            b.append("<div class=\"grid\">\n");
            for (ParamAxis a : axes) {
                b.append(plot(uniqueId("slice-", a.name()), () -> Charts.slice(metric(), a, complete), 520, 320));
            }
            b.append("</div>\n");
        }
        b.append("</section>\n");
    }

    /** A plot id from a parameter name: letters, digits, '_' and '-' only, unique in the report. */
    private String uniqueId(String prefix, String name) {
        String base = prefix + name.replaceAll("[^A-Za-z0-9_-]", "_");
        String id = base;
        for (int i = 2; usedId(id); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private boolean usedId(String id) {
        return plots.stream().anyMatch(p -> p.id().equals(id));
    }

    // ---- files from other commands

    private void ensemble(StringBuilder b, StudyFiles.Ensemble e) {
        section(b, "ensemble", "Ensemble");
        b.append("<p class=\"note\">From <code>").append(h(e.file().toAbsolutePath().normalize())).append("</code>.</p>\n");
        if (e.problem() != null) {
            note(b, "Could not read the ensemble manifest: " + e.problem());
            b.append("</section>\n");
            return;
        }
        b.append("<table class=\"facts\" id=\"ensemble-scores\"><tr><th></th><th>validation</th><th>test</th></tr>");
        boolean replaced = e.crossFit() != null && e.crossFit().replaced();
        b.append("<tr><th>").append(replaced && !e.members().isEmpty()
                        ? "bundle (trial " + e.members().get(0).trial() + " alone)"
                        : "ensemble" + (e.method() == null ? "" : " (" + h(e.method()) + ")")).append("</th><td>")
                .append(h(Leaderboard.number(e.validation()))).append("</td><td>").append(h(Leaderboard.number(e.test())))
                .append("</td></tr>");
        if (e.bestSingleTrial() != null || e.bestSingleTest() != null) {
            b.append("<tr><th>best single trial").append(e.bestSingleTrial() == null ? "" : " (" + e.bestSingleTrial() + ")")
                    .append("</th><td>").append(h(Leaderboard.number(e.bestSingleValidation()))).append("</td><td>")
                    .append(h(Leaderboard.number(e.bestSingleTest()))).append("</td></tr>");
        }
        b.append("</table>\n<table class=\"board narrow\" id=\"ensemble-members\"><thead><tr><th>trial</th><th>weight</th>"
                + "<th>validation</th><th>test</th></tr></thead><tbody>");
        for (StudyFiles.Member m : e.members()) {
            b.append("<tr><td>").append(m.trial()).append("</td><td>").append(h(Leaderboard.number(m.weight())))
                    .append("</td><td>").append(h(Leaderboard.number(m.validation()))).append("</td><td>")
                    .append(h(Leaderboard.number(m.test()))).append("</td></tr>");
        }
        b.append("</tbody></table>\n");
        if (e.metric() != null) {
            note(b, "Scores are " + e.metric() + ".");
        }
        StudyFiles.CrossFit c = e.crossFit();
        if (c != null && c.ensemble() != null && c.bestSingle() != null) {
            String chosen = c.chosenMethod() == null ? "the ensemble" : "the " + c.chosenMethod() + " ensemble";
            b.append("<p class=\"").append(c.replaced() ? "caveat" : "note").append("\" id=\"ensemble-cross-fit\">")
                    .append("Validation cross-fit (held-out accuracy, the rule of liandan bench ensemble): ")
                    .append(h(chosen)).append(" ").append(h(Leaderboard.number(c.ensemble()))).append(", best single trial ")
                    .append(h(Leaderboard.number(c.bestSingle()))).append(". ");
            if (c.replaced()) {
                b.append("The ensemble scored below the best single trial, so the bundle holds the best single trial"
                        + " alone (liandan ensemble --keep keeps the ensemble).");
            } else if (c.ensemble() < c.bestSingle()) {
                b.append("The ensemble scored below the best single trial and was kept (--keep).");
            }
            b.append("</p>\n");
        }
        b.append("</section>\n");
    }

    private void lrFind(StringBuilder b, StudyFiles.LrFind f) {
        section(b, "lr-find", "LR range test");
        b.append("<p class=\"note\">From <code>").append(h(f.file())).append("</code> (lr-find: Smith 2017).</p>\n");
        if (f.problem() != null) {
            note(b, "Could not read the LR range test: " + f.problem());
        } else if (f.points().isEmpty()) {
            note(b, "The LR range test recorded no steps.");
        } else {
            b.append(plot("lr-find", () -> Charts.lrFind(f), 900, 380));
            if (f.suggestion() != null) {
                b.append("<p>Suggested learning rate: <strong id=\"lr-suggestion\">")
                        .append(h(Leaderboard.param(f.suggestion()))).append("</strong>");
                if (f.rangeLow() != null) {
                    b.append("; suggested search range ").append(h(Leaderboard.param(f.rangeLow()))).append(" to ")
                            .append(h(Leaderboard.param(f.rangeHigh())));
                }
                b.append(".</p>\n");
            }
        }
        b.append("</section>\n");
    }
}
