package dev.liandan.report;

import dev.liandan.core.Direction;
import dev.liandan.study.Ranking;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.Trial;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Several studies side by side on one self-contained page ({@code liandan report --compare A,B}):
 * their facts and best configurations in columns, the best value so far against the number of
 * trials run, the empirical distribution of their objective, and their parameter importances.
 * Plots that put values on one axis are drawn only when the studies share their objective.
 */
public final class StudyComparison {
    /** One study: its record, its trials and its folder. */
    public record Entry(StudyRecord study, List<Trial> trials, Path studyDir) {
    }

    private final List<Entry> studies;
    private final Instant now;
    private String plotsUnavailable;

    private StudyComparison(List<Entry> studies, Instant now) {
        this.studies = List.copyOf(studies);
        this.now = now;
    }

    public static StudyComparison of(List<Entry> studies, Instant now) {
        if (studies.size() < 2) {
            throw new IllegalArgumentException("a comparison needs two studies or more, got " + studies.size());
        }
        return new StudyComparison(studies, now);
    }

    /** The default file name: {@code compare-A-B.html}. */
    public static String fileName(List<String> names) {
        return "compare-" + String.join("-", names).replaceAll("[^A-Za-z0-9_.-]", "_") + ".html";
    }

    public void write(Path out) {
        StudyReport.atomicWrite(out, html());
    }

    private static String h(Object s) {
        return Html.escape(s);
    }

    private boolean sameObjective() {
        StudyRecord first = studies.get(0).study();
        return studies.stream().allMatch(e -> Objects.equals(e.study().metric(), first.metric())
                && e.study().direction() == first.direction());
    }

    private String plot(String id, Supplier<org.jfree.chart.JFreeChart> chart, int width, int height) {
        if (plotsUnavailable == null) {
            try {
                return "<figure class=\"plot\">" + new Plot(id, chart.get(), width, height).svg() + "</figure>\n";
            } catch (LinkageError e) {
                plotsUnavailable = String.valueOf(e.getMessage());
            }
        }
        return "<p class=\"note\">Plot not drawn: Java2D cannot draw on this host (" + h(plotsUnavailable) + ").</p>\n";
    }

    public String html() {
        List<String> names = studies.stream().map(e -> e.study().name()).toList();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"liandan\">\n<title>")
                .append(h(String.join(" vs ", names))).append(" — liandan comparison</title>\n<style>\n")
                .append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        b.append("<header><h1>Studies <span class=\"study-name\">").append(h(String.join(" vs ", names)))
                .append("</span></h1>\n<p class=\"meta\">liandan comparison, generated ").append(h(now.toString()))
                .append("</p>\n<nav>");
        for (String[] link : new String[][]{{"studies", "Studies"}, {"best-so-far", "Best so far"}, {"edf", "EDF"},
                {"importance", "Importance"}}) {
            b.append("<a href=\"#").append(link[0]).append("\">").append(link[1]).append("</a> ");
        }
        b.append("</nav></header>\n<main>\n");
        facts(b);
        if (sameObjective()) {
            Map<String, List<Trial>> byStudy = new LinkedHashMap<>();
            studies.forEach(e -> byStudy.put(e.study().name(), e.trials()));
            String metric = studies.get(0).study().metric();
            Direction direction = studies.get(0).study().direction();
            b.append("<section id=\"best-so-far\">\n<h2>Best so far</h2>\n<p class=\"note\">The best ").append(h(metric))
                    .append(" after each trial, by how many trials each study had run.</p>\n")
                    .append(plot("best-so-far", () -> Charts.bestSoFar(metric, direction, byStudy), 900, 380))
                    .append("</section>\n");
            Map<String, List<Trial>> complete = new LinkedHashMap<>();
            studies.forEach(e -> complete.put(e.study().name(), Ranking.ranked(e.trials(), direction)));
            b.append("<section id=\"edf\">\n<h2>Empirical distribution</h2>\n<p class=\"note\">For each value of ")
                    .append(h(metric)).append(", the share of each study's complete trials that reached it or better.</p>\n")
                    .append(plot("edf", () -> Charts.edf(metric, direction, complete), 900, 380)).append("</section>\n");
        } else {
            b.append("<section id=\"best-so-far\">\n<h2>Best so far</h2>\n<p class=\"note\">The studies optimise different"
                    + " objectives, so their values are not drawn on one axis.</p>\n</section>\n");
        }
        importance(b);
        b.append("</main>\n<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private void facts(StringBuilder b) {
        b.append("<section id=\"studies\">\n<h2>Studies</h2>\n<div class=\"scroll\"><table class=\"compare\" id=\"compare-table\">\n<thead><tr><th></th>");
        for (Entry e : studies) {
            b.append("<th>").append(h(e.study().name())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        row(b, "objective", e -> e.study().metric() + ", " + e.study().direction().name().toLowerCase(Locale.ROOT));
        row(b, "trials", e -> trialCounts(e.trials()));
        row(b, "best", e -> best(e).map(t -> Leaderboard.number(t.value()) + " (trial " + t.number() + ")").orElse("-"));
        row(b, "epochs spent", e -> Integer.toString(e.trials().stream().mapToInt(Trial::epochs).sum()));
        row(b, "trial time", e -> StudyReport.clock(e.trials().stream().map(Trial::durationSeconds)
                .filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum()));
        row(b, "space file", e -> e.study().spaceFile());
        // the parameters some study searches, and the settings whose best values differ between the studies
        Set<String> params = new LinkedHashSet<>();
        studies.forEach(e -> ParamAxis.of(e.study(), e.trials()).forEach(x -> params.add(x.name())));
        Set<String> all = new LinkedHashSet<>();
        studies.forEach(e -> best(e).ifPresent(t -> all.addAll(t.params().keySet())));
        for (String p : all) {
            if (studies.stream().map(e -> best(e).map(t -> Leaderboard.param(t.params().get(p))).orElse("-"))
                    .distinct().count() > 1) {
                params.add(p);
            }
        }
        for (String p : params) {
            row(b, "best " + p, e -> best(e).map(t -> Leaderboard.param(t.params().get(p))).orElse("-"));
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    private void importance(StringBuilder b) {
        b.append("<section id=\"importance\">\n<h2>Parameter importance</h2>\n<p class=\"note\">fANOVA shares of each"
                + " study (± the bootstrap standard deviation); blank where a study does not search the parameter or has"
                + " fewer than ").append(Importance.MIN_TRIALS).append(" complete trials.</p>\n");
        List<Map<String, Importance.Share>> shares = new ArrayList<>();
        Set<String> params = new LinkedHashSet<>();
        for (Entry e : studies) {
            StudyReport r = StudyReport.of(e.study(), e.trials(), e.studyDir(), null, now);
            Map<String, Importance.Share> s = r.importanceShares();
            shares.add(s);
            params.addAll(s.keySet());
        }
        b.append("<table class=\"compare\" id=\"compare-importance\"><thead><tr><th>parameter</th>");
        for (Entry e : studies) {
            b.append("<th>").append(h(e.study().name())).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (String p : params) {
            b.append("<tr><th>").append(h(p)).append("</th>");
            for (Map<String, Importance.Share> s : shares) {
                Importance.Share v = s.get(p);
                b.append("<td>").append(v == null ? "" : String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * v.mean(),
                        100 * v.spread())).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n</section>\n");
    }

    private java.util.Optional<Trial> best(Entry e) {
        return Ranking.ranked(e.trials(), e.study().direction()).stream().findFirst();
    }

    private static String trialCounts(List<Trial> trials) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        trials.forEach(t -> counts.merge(t.state().name().toLowerCase(Locale.ROOT), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k));
        return trials.size() + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    private void row(StringBuilder b, String name, java.util.function.Function<Entry, String> cell) {
        b.append("<tr><th>").append(h(name)).append("</th>");
        for (Entry e : studies) {
            b.append("<td>").append(h(cell.apply(e))).append("</td>");
        }
        b.append("</tr>\n");
    }

    private static String resource(String name) {
        try (InputStream in = StudyComparison.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
