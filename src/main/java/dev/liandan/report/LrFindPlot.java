package dev.liandan.report;

import dev.liandan.train.LrFinder;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The LR range test's curve as an SVG: raw and smoothed loss against the rate on a log axis, the
 * suggested rate and range marked. Drawn by JFreeChart onto Batik's SVG Graphics2D (as the report's plots): vector output
 * that needs no display (headless servers), stays small and diffs as text.
 */
public final class LrFindPlot {
    private LrFindPlot() {
    }

    public static void write(LrFinder.Result r, Path file) throws IOException {
        XYSeries raw = new XYSeries("loss");
        XYSeries smooth = new XYSeries("smoothed loss");
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < r.steps(); i++) {
            double loss = r.loss().get(i);
            double s = r.smoothed().get(i);
            if (Double.isFinite(loss)) {
                raw.add(r.lr().get(i).doubleValue(), loss);
            }
            if (Double.isFinite(s)) {
                smooth.add(r.lr().get(i).doubleValue(), s);
                top = Math.max(top, i < 10 ? s : top);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(raw);
        data.addSeries(smooth);
        JFreeChart chart = ChartFactory.createXYLineChart("LR range test", "learning rate (log)", "training loss",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(new LogAxis("learning rate (log)"));
        plot.getRenderer().setSeriesPaint(0, new Color(170, 170, 220));
        plot.getRenderer().setSeriesPaint(1, new Color(20, 40, 160));
        plot.getRenderer().setSeriesStroke(1, new BasicStroke(2f));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker suggested = new ValueMarker(r.suggestedLr(), new Color(200, 30, 30), new BasicStroke(1.5f));
        suggested.setLabel(String.format(java.util.Locale.ROOT, "suggested %.2g", r.suggestedLr()));
        plot.addDomainMarker(suggested);
        plot.addDomainMarker(new ValueMarker(r.rangeLow(), Color.GRAY, new BasicStroke(1f)));
        plot.addDomainMarker(new ValueMarker(r.rangeHigh(), Color.GRAY, new BasicStroke(1f)));
        if (Double.isFinite(top) && top > 0) {
            // the diverging tail would squash the interesting part of the curve
            plot.getRangeAxis().setUpperBound(top * 1.5);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, Svg.render(chart, 800, 500, "lr-find", false), StandardCharsets.UTF_8);
    }
}
