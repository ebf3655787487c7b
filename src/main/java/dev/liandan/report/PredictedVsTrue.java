package dev.liandan.report;

import dev.liandan.core.Direction;
import dev.liandan.study.Ranking;
import dev.liandan.study.Trial;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The report's "Predicted vs true" section of a regression study: the best trial's predictions on
 * the validation split and, when an ensemble was built, the ensemble's on the held-out test split,
 * each against the true values, with the diagonal a perfect model would lie on. Read from the
 * trial's {@code val_predictions.csv} and the bundle's {@code test_predictions.csv}
 * ({@code row,label,prediction}); a classification study has neither, and gets no section.
 */
final class PredictedVsTrue {
    static final String HEADER = "row,label,prediction";
    static final String ENSEMBLE_TEST = "ensemble/test_predictions.csv";

    /** True values and predictions of one model on one split, and what they are. */
    record Points(String name, double[] truth, double[] predicted) {
        double rmse() {
            double s = 0;
            for (int i = 0; i < truth.length; i++) {
                s += (predicted[i] - truth[i]) * (predicted[i] - truth[i]);
            }
            return Math.sqrt(s / truth.length);
        }
    }

    private PredictedVsTrue() {
    }

    /** The section's HTML, or empty for a study that is no regression (or has no finished trial). */
    static Optional<String> section(List<Trial> trials, Direction direction, Path studyDir,
                                    Function<JFreeChart, String> plot) {
        List<Trial> ranked = Ranking.ranked(trials, direction);
        if (ranked.isEmpty()) {
            return Optional.empty();
        }
        Trial best = ranked.get(0);
        Optional<Points> val = read(studyDir.resolve("trials").resolve(Integer.toString(best.number()))
                .resolve("val_predictions.csv"), "best trial (" + best.number() + "), validation rows");
        if (val.isEmpty()) {
            return Optional.empty();
        }
        List<Points> series = new ArrayList<>(List.of(val.get()));
        read(studyDir.resolve(ENSEMBLE_TEST), "ensemble, held-out test rows").ifPresent(series::add);
        StringBuilder b = new StringBuilder();
        b.append("<section id=\"predicted-vs-true\">\n<h2>Predicted vs true</h2>\n");
        b.append(plot.apply(chart(series)));
        b.append("<table class=\"facts\" id=\"predicted-vs-true-rmse\"><tr><th></th><th>rows</th><th>RMSE</th></tr>");
        for (Points p : series) {
            b.append("<tr><th>").append(Html.escape(p.name())).append("</th><td>").append(p.truth().length)
                    .append("</td><td>").append(Html.escape(Leaderboard.number(p.rmse()))).append("</td></tr>");
        }
        b.append("</table>\n<p class=\"note\">Points on the diagonal are predicted exactly; in the target's own units.</p>\n");
        b.append("</section>\n");
        return Optional.of(b.toString());
    }

    /** A {@code row,label,prediction} file, or empty when absent or of another kind. */
    static Optional<Points> read(Path file, String name) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                return Optional.empty();
            }
            int n = (int) lines.stream().skip(1).filter(l -> !l.isBlank()).count();
            double[] truth = new double[n];
            double[] predicted = new double[n];
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).split(",");
                truth[i] = Double.parseDouble(cells[1]);
                predicted[i] = Double.parseDouble(cells[2]);
            }
            return n == 0 ? Optional.empty() : Optional.of(new Points(name, truth, predicted));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static JFreeChart chart(List<Points> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < series.size(); s++) {
            Points p = series.get(s);
            XYSeries xy = new XYSeries(p.name(), false, true);
            for (int i = 0; i < p.truth().length; i++) {
                xy.add(p.truth()[i], p.predicted()[i]);
                lo = Math.min(lo, Math.min(p.truth()[i], p.predicted()[i]));
                hi = Math.max(hi, Math.max(p.truth()[i], p.predicted()[i]));
            }
            data.addSeries(xy);
            r.setSeriesPaint(s, Charts.PALETTE[s % Charts.PALETTE.length]);
            r.setSeriesShape(s, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        XYSeries diagonal = new XYSeries("predicted = true", false, true);
        diagonal.add(lo, lo);
        diagonal.add(hi, hi);
        data.addSeries(diagonal);
        int d = series.size();
        r.setSeriesLinesVisible(d, true);
        r.setSeriesShapesVisible(d, false);
        r.setSeriesPaint(d, Charts.GREY);
        r.setSeriesStroke(d, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 4f}, 0f));
        NumberAxis x = new NumberAxis("true value");
        NumberAxis y = new NumberAxis("predicted value");
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xe4e4e4));
        plot.setRangeGridlinePaint(new Color(0xe4e4e4));
        JFreeChart chart = new JFreeChart("Predicted against true values", plot);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
