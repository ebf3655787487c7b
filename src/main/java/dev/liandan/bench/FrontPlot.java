package dev.liandan.bench;

import dev.liandan.bench.FrontBench.Config;
import dev.liandan.bench.FrontBench.Method;
import dev.liandan.bench.FrontBench.Run;
import dev.liandan.core.Direction;
import dev.liandan.space.Objective;
import dev.liandan.study.ParetoRanking;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench front --plot}: for a space of two objectives, each sampler's front from its search
 * of median hypervolume (a typical search, not its luckiest), drawn with JFreeChart as staircases
 * (the edge of the region the front dominates), the second objective across (on a log axis when
 * it spans more than two decades) and the first up.
 */
public final class FrontPlot {
    private static final Color[] COLOURS = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
        new Color(0x76b7b2), new Color(0x59a14f), new Color(0xb07aa1)};

    private FrontPlot() {
    }

    /** Writes the PNG; a space of other than two objectives has no such picture (false, nothing written). */
    public static boolean png(Config c, List<Run> runs, double[] reference, Path file, int width, int height)
            throws IOException {
        return png(c, runs, reference, new boolean[c.spec().objectives().size()], file, width, height);
    }

    /** As above, the hypervolumes measured on log10 of the objectives {@code log} marks. */
    public static boolean png(Config c, List<Run> runs, double[] reference, boolean[] log, Path file, int width,
                              int height) throws IOException {
        List<Objective> objectives = c.spec().objectives();
        if (objectives.size() != 2) {
            return false;
        }
        XYSeriesCollection data = new XYSeriesCollection();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Method m : c.methods()) {
            List<Run> mr = new ArrayList<>(runs.stream().filter(r -> r.method().equals(m)).toList());
            if (mr.isEmpty()) {
                continue;
            }
            mr.sort(Comparator.comparingDouble(r -> FrontBench.hypervolume(r, objectives, reference, log)));
            Run typical = mr.get((mr.size() - 1) / 2);
            XYSeries s = new XYSeries(String.format(Locale.ROOT, "%s (seed %d, hypervolume %s)", m.label(),
                    typical.seed(), FrontBenchReport.num(FrontBench.hypervolume(typical, objectives, reference, log))),
                    true, true);
            for (ParetoRanking.Ranked t : typical.front()) {
                s.add(t.values().get(1), t.values().get(0));
                lo = Math.min(lo, t.values().get(1));
                hi = Math.max(hi, t.values().get(1));
            }
            data.addSeries(s);
        }
        // the staircase steps across at the worse first objective, then up: the dominated region's edge
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        boolean logAxis = lo > 0 && hi / lo > 100;
        ValueAxis x = logAxis ? new LogAxis(label(objectives.get(1))) : new NumberAxis(label(objectives.get(1)));
        NumberAxis y = new NumberAxis(label(objectives.get(0)));
        y.setAutoRangeIncludesZero(false);
        if (x instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(false);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xe4e4e4));
        plot.setRangeGridlinePaint(new Color(0xe4e4e4));
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "%s: fronts after %d trials (median search per sampler)",
                c.spec().name(), c.trials()), plot);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        return true;
    }

    private static String label(Objective o) {
        return o.metric() + " (" + (o.direction() == Direction.MAXIMIZE ? "maximised" : "minimised") + ")";
    }
}
