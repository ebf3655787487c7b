package dev.liandan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.liandan.core.Direction;
import dev.liandan.sampler.Pareto;
import dev.liandan.space.Objective;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.study.ParetoRanking;
import dev.liandan.study.Trial;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The report's "Pareto front" section of a study of several objectives: each pair of objectives
 * (the first three pairs) as a scatter of every ranked trial with the front drawn over it, the
 * front's trials in a table, and for two objectives the hypervolume of the front after each trial
 * (the area the front dominates up to a reference point: each objective's worst value among the
 * ranked trials, pushed out by a tenth of its range), which grows as the search finds better
 * trade-offs.
 */
final class ParetoSection {
    private ParetoSection() {
    }

    /** The objectives of a space file's text when it lists several, else empty. */
    static List<Objective> objectives(String spaceText) {
        List<Objective> out = new ArrayList<>();
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(spaceText).path("objective");
            if (!node.isArray()) {
                return List.of();
            }
            for (JsonNode o : node) {
                String metric = o.path("metric").asText();
                String direction = o.path("direction").asText("");
                out.add(new Objective(metric, direction.isEmpty() ? SpaceFileParser.defaultDirection(metric)
                        : Direction.valueOf(direction.toUpperCase(Locale.ROOT))));
            }
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
        return out.size() > 1 ? out : List.of();
    }

    /**
     * @param plot draws a chart under an id: (id, chart) to the HTML of the figure
     */
    static Optional<String> section(String spaceText, List<Trial> trials, BiFunction<String, JFreeChart, String> plot) {
        List<Objective> objectives = objectives(spaceText);
        if (objectives.isEmpty()) {
            return Optional.empty();
        }
        List<ParetoRanking.Ranked> ranked = ParetoRanking.ranked(trials, objectives);
        StringBuilder b = new StringBuilder("<section id=\"pareto\">\n<h2>Pareto front</h2>\n");
        if (ranked.isEmpty()) {
            b.append("<p class=\"note\">No COMPLETE trial has a value of every objective yet.</p>\n</section>\n");
            return Optional.of(b.toString());
        }
        int pairs = 0;
        for (int i = 0; i < objectives.size() && pairs < 3; i++) {
            for (int j = i + 1; j < objectives.size() && pairs < 3; j++) {
                b.append(plot.apply("pareto-" + i + "-" + j, scatter(ranked, objectives, i, j)));
                pairs++;
            }
        }
        if (objectives.size() == 2) {
            double[] reference = reference(ranked, objectives);
            List<double[]> curve = hypervolumeCurve(trials, objectives, reference);
            b.append(plot.apply("hypervolume", hypervolumeChart(curve)));
            b.append("<p class=\"note\" id=\"hypervolume-value\">Hypervolume up to the reference point (")
                    .append(Html.escape(Leaderboard.number(reference[0]))).append(", ")
                    .append(Html.escape(Leaderboard.number(reference[1])))
                    .append("): ").append(Html.escape(Leaderboard.number(curve.get(curve.size() - 1)[1])))
                    .append(" after ").append(trials.size()).append(" trials.</p>\n");
        }
        b.append("<table class=\"board\" id=\"pareto-front\"><thead><tr><th>trial</th>");
        for (Objective o : objectives) {
            b.append("<th>").append(Html.escape(o.metric())).append(" (")
                    .append(o.direction() == Direction.MAXIMIZE ? "max" : "min").append(")</th>");
        }
        b.append("</tr></thead><tbody>");
        for (ParetoRanking.Ranked r : ranked) {
            if (!r.pareto()) {
                continue;
            }
            b.append("<tr><td>").append(r.trial().number()).append("</td>");
            for (double v : r.values()) {
                b.append("<td>").append(Html.escape(Leaderboard.number(v))).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>\n</section>\n");
        return Optional.of(b.toString());
    }

    /** Each objective's worst ranked value, a tenth of its range further out (1 when the range is 0). */
    static double[] reference(List<ParetoRanking.Ranked> ranked, List<Objective> objectives) {
        double[] ref = new double[2];
        for (int k = 0; k < 2; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (ParetoRanking.Ranked r : ranked) {
                lo = Math.min(lo, r.values().get(k));
                hi = Math.max(hi, r.values().get(k));
            }
            double pad = hi > lo ? (hi - lo) / 10 : 1;
            ref[k] = objectives.get(k).direction() == Direction.MAXIMIZE ? lo - pad : hi + pad;
        }
        return ref;
    }

    /** (trial count, hypervolume of the front of the first that many trials), by trial number. */
    static List<double[]> hypervolumeCurve(List<Trial> trials, List<Objective> objectives, double[] reference) {
        List<Direction> directions = objectives.stream().map(Objective::direction).toList();
        List<Trial> ordered = new ArrayList<>(trials);
        ordered.sort(Comparator.comparingInt(Trial::number));
        List<double[]> points = new ArrayList<>();
        List<double[]> curve = new ArrayList<>();
        for (int n = 0; n < ordered.size(); n++) {
            for (ParetoRanking.Ranked r : ParetoRanking.ranked(List.of(ordered.get(n)), objectives)) {
                points.add(new double[]{r.values().get(0), r.values().get(1)});
            }
            curve.add(new double[]{n + 1, Pareto.hypervolume2d(points, reference, directions)});
        }
        return curve;
    }

    private static JFreeChart scatter(List<ParetoRanking.Ranked> ranked, List<Objective> objectives, int i, int j) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries others = new XYSeries("other trials", false, true);
        XYSeries front = new XYSeries("Pareto front", true, true);
        for (ParetoRanking.Ranked r : ranked) {
            (r.pareto() ? front : others).add(r.values().get(i), r.values().get(j));
        }
        data.addSeries(others);
        data.addSeries(front);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, Charts.GREY);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesPaint(1, Charts.BEST);
        renderer.setSeriesShape(1, new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setSeriesLinesVisible(1, objectives.size() == 2);
        renderer.setSeriesStroke(1, new BasicStroke(1.2f));
        return chart("Pareto front: " + objectives.get(i).metric() + " and " + objectives.get(j).metric(),
                data, renderer, axisLabel(objectives.get(i)), axisLabel(objectives.get(j)));
    }

    private static JFreeChart hypervolumeChart(List<double[]> curve) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries s = new XYSeries("hypervolume", true, true);
        curve.forEach(p -> s.add(p[0], p[1]));
        data.addSeries(s);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, Charts.PALETTE[0]);
        return chart("Hypervolume of the front after each trial", data, renderer, "trials", "hypervolume");
    }

    private static String axisLabel(Objective o) {
        return o.metric() + " (" + (o.direction() == Direction.MAXIMIZE ? "maximised" : "minimised") + ")";
    }

    private static JFreeChart chart(String title, XYSeriesCollection data, XYLineAndShapeRenderer renderer,
                                    String x, String y) {
        NumberAxis xAxis = new NumberAxis(x);
        NumberAxis yAxis = new NumberAxis(y);
        xAxis.setAutoRangeIncludesZero(false);
        yAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xe4e4e4));
        plot.setRangeGridlinePaint(new Color(0xe4e4e4));
        JFreeChart chart = new JFreeChart(title, plot);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
