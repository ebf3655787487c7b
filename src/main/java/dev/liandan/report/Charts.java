package dev.liandan.report;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import dev.liandan.space.Values;
import dev.liandan.study.Trial;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** The report's charts, built with JFreeChart from the trials. Each method returns a chart ready to draw. */
final class Charts {
    static final Color[] PALETTE = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
            new Color(0x76b7b2), new Color(0x59a14f), new Color(0xedc948), new Color(0xb07aa1),
            new Color(0xff9da7), new Color(0x9c755f), new Color(0xbab0ac)};
    static final Color GREY = new Color(0x9a9a9a);
    static final Color BEST = new Color(0xe15759);
    private static final Font SMALL = new Font("SansSerif", Font.PLAIN, 10);

    private Charts() {
    }

    private static final StandardChartTheme THEME = theme();

    private static StandardChartTheme theme() {
        StandardChartTheme t = new StandardChartTheme("liandan");
        t.setExtraLargeFont(new Font("SansSerif", Font.BOLD, 15));
        t.setLargeFont(new Font("SansSerif", Font.BOLD, 12));
        t.setRegularFont(new Font("SansSerif", Font.PLAIN, 11));
        t.setSmallFont(SMALL);
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setPlotOutlinePaint(new Color(0xcccccc));
        t.setDomainGridlinePaint(new Color(0xe4e4e4));
        t.setRangeGridlinePaint(new Color(0xe4e4e4));
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setBarPainter(new StandardBarPainter());
        t.setShadowVisible(false);
        t.setAxisOffset(new RectangleInsets(0, 0, 0, 0));
        t.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        return t;
    }

    private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        // the theme resets the renderer's series paints, strokes and shapes: keep those set by hand
        XYItemRenderer r = plot.getRenderer();
        int n = plot.getSeriesCount();
        Paint[] paints = new Paint[n];
        Stroke[] strokes = new Stroke[n];
        Shape[] shapes = new Shape[n];
        for (int i = 0; i < n; i++) {
            paints[i] = r.getSeriesPaint(i);
            strokes[i] = r.getSeriesStroke(i);
            shapes[i] = r.getSeriesShape(i);
        }
        JFreeChart chart = new JFreeChart(title, plot);
        THEME.apply(chart);
        for (int i = 0; i < n; i++) {
            if (paints[i] != null) {
                r.setSeriesPaint(i, paints[i], false);
            }
            if (strokes[i] != null) {
                r.setSeriesStroke(i, strokes[i], false);
            }
            if (shapes[i] != null) {
                r.setSeriesShape(i, shapes[i], false);
            }
        }
        if (!legend) {
            chart.removeLegend();
        }
        plot.setDomainGridlinesVisible(true);
        plot.setRangeGridlinesVisible(true);
        chart.setPadding(PADDING);
        return chart;
    }

    /** Room at the chart's edges for a tick label that sits at the end of an axis. */
    private static final RectangleInsets PADDING = new RectangleInsets(4, 4, 4, 14);

    static String num(double v) {
        return Leaderboard.param(v);
    }

    private static Shape dot(double size) {
        return new Ellipse2D.Double(-size / 2, -size / 2, size, size);
    }

    private static Shape triangle(double size) {
        Path2D p = new Path2D.Double();
        p.moveTo(0, -size / 2);
        p.lineTo(size / 2, size / 2);
        p.lineTo(-size / 2, size / 2);
        p.closePath();
        return p;
    }

    private static Shape cross(double size) {
        Path2D p = new Path2D.Double();
        double h = size / 2;
        double w = size / 6;
        p.moveTo(-h, -h + w);
        p.lineTo(-h + w, -h);
        p.lineTo(0, -w);
        p.lineTo(h - w, -h);
        p.lineTo(h, -h + w);
        p.lineTo(w, 0);
        p.lineTo(h, h - w);
        p.lineTo(h - w, h);
        p.lineTo(0, w);
        p.lineTo(-h + w, h);
        p.lineTo(-h, h - w);
        p.lineTo(-w, 0);
        p.closePath();
        return p;
    }

    private static ValueAxis axis(String label, boolean log, double base) {
        if (log) {
            LogAxis a = new LogAxis(label);
            a.setBase(base);
            a.setSmallestValue(1e-300);
            if (base == 2) {
                a.setTickUnit(new NumberTickUnit(1));
            } else {
                // ticks at whole or half decades (0.001, 0.00316, 0.01), never finer
                org.jfree.chart.axis.TickUnits units = new org.jfree.chart.axis.TickUnits();
                for (double u : new double[]{0.5, 1, 2, 5, 10, 20, 50}) {
                    units.add(new NumberTickUnit(u));
                }
                a.setStandardTickUnits(units);
            }
            // plain numbers (0.001, 0.0316) rather than powers with fractional exponents
            a.setNumberFormatOverride(new ShortNumbers());
            return a;
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    /** Tick labels in the leaderboard's short number form. */
    static final class ShortNumbers extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
            return toAppendTo.append(Leaderboard.param(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
            return toAppendTo.append(number);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition parsePosition) {
            throw new UnsupportedOperationException("format only");
        }
    }

    /** Per-point tool tips: series index and item index name a text. */
    private static final class Tips {
        private final Map<Long, String> text = new HashMap<>();

        void put(int series, int item, String tip) {
            text.put(((long) series << 32) | item, tip);
        }

        String get(int series, int item) {
            return text.get(((long) series << 32) | item);
        }
    }

    private static void addPoint(XYSeriesCollection data, Tips tips, int series, double x, double y, String tip) {
        XYSeries s = data.getSeries(series);
        s.add(x, y);
        tips.put(series, s.getItemCount() - 1, tip);
    }

    private static String trialTip(Trial t, String metric) {
        return "trial " + t.number() + " (" + t.state().name().toLowerCase(Locale.ROOT) + ")"
                + (t.value() == null ? "" : ": " + metric + " " + num(t.value()));
    }

    /** Each trial's value by trial number, the best-so-far line, pruned and failed trials marked. */
    static JFreeChart history(String metric, Direction direction, List<Trial> trials) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String name : List.of("complete", "pruned", "failed (no value: drawn at the bottom)", "best so far")) {
            data.addSeries(new XYSeries(name, false, true));
        }
        Tips tips = new Tips();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Trial t : trials) {
            if (t.value() != null && Double.isFinite(t.value())) {
                lo = Math.min(lo, t.value());
                hi = Math.max(hi, t.value());
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        double bottom = lo - 0.04 * Math.max(hi - lo, 1e-9);
        Double best = null;
        for (Trial t : trials) {
            boolean valued = t.value() != null && Double.isFinite(t.value());
            if (t.state() == TrialState.COMPLETE && valued) {
                addPoint(data, tips, 0, t.number(), t.value(), trialTip(t, metric));
                boolean better = best == null || (direction == Direction.MAXIMIZE ? t.value() > best : t.value() < best);
                if (better) {
                    if (best != null) {
                        addPoint(data, tips, 3, t.number(), best, null);
                    }
                    best = t.value();
                    addPoint(data, tips, 3, t.number(), best, "best so far after trial " + t.number() + ": " + num(best));
                }
            } else if (t.state() == TrialState.PRUNED && valued) {
                addPoint(data, tips, 1, t.number(), t.value(), trialTip(t, metric));
            } else if (t.state() == TrialState.FAILED) {
                addPoint(data, tips, 2, t.number(), bottom, "trial " + t.number() + " failed: " + t.failReason());
            }
        }
        if (best != null && !trials.isEmpty()) {
            addPoint(data, tips, 3, trials.get(trials.size() - 1).number(), best, null);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setSeriesShape(0, dot(7));
        r.setSeriesPaint(1, PALETTE[1]);
        r.setSeriesShape(1, triangle(8));
        r.setSeriesPaint(2, new Color(0xb22222));
        r.setSeriesShape(2, cross(8));
        r.setSeriesPaint(3, BEST);
        r.setSeriesLinesVisible(3, true);
        r.setSeriesShapesVisible(3, false);
        r.setSeriesStroke(3, new BasicStroke(2f));
        r.setDefaultToolTipGenerator((d, s, i) -> tips.get(s, i));
        for (int i = 0; i < 3; i++) {
            r.setSeriesVisibleInLegend(i, data.getSeries(i).getItemCount() > 0);
        }
        NumberAxis x = new NumberAxis("trial");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, x, axis(metric, false, 10), r);
        return chart("Optimisation history", plot, true);
    }

    /** The objective against the learning rate on a log axis, one colour per batch size. */
    static JFreeChart lrScatter(String metric, List<Trial> complete, String lr, String batch) {
        XYSeriesCollection data = new XYSeriesCollection();
        Tips tips = new Tips();
        TreeMap<Double, List<Trial>> byBatch = new TreeMap<>();
        for (Trial t : complete) {
            double b = batch == null ? Double.NaN : ParamAxis.numeric(t.params().get(batch));
            byBatch.computeIfAbsent(Double.isNaN(b) ? -1.0 : b, k -> new ArrayList<>()).add(t);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        int s = 0;
        for (Map.Entry<Double, List<Trial>> e : byBatch.entrySet()) {
            data.addSeries(new XYSeries(batch == null || e.getKey() < 0 ? "all trials" : batch + " " + num(e.getKey()),
                    false, true));
            for (Trial t : e.getValue()) {
                double x = ParamAxis.numeric(t.params().get(lr));
                if (x > 0) {
                    addPoint(data, tips, s, x, t.value(), trialTip(t, metric) + ", " + lr + " " + num(x)
                            + (batch == null ? "" : ", " + batch + " " + Values.format(t.params().get(batch))));
                }
            }
            r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            r.setSeriesShape(s, dot(8));
            s++;
        }
        r.setDefaultToolTipGenerator((d, si, i) -> tips.get(si, i));
        XYPlot plot = new XYPlot(data, axis(lr + " (log scale)", true, 10), axis(metric, false, 10), r);
        return chart(metric + " against " + lr, plot, true);
    }

    /** The best learning rate found at each batch size, with the line of slope 1 that the linear scaling rule predicts. */
    static JFreeChart scalingRule(String metric, List<Trial> complete, ScalingRule rule, String lr, String batch,
                                  boolean enoughTrials) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(new XYSeries("all complete trials", false, true));
        data.addSeries(new XYSeries((enoughTrials ? "best " : "best (of too few trials) ") + lr + " per " + batch,
                false, true));
        data.addSeries(new XYSeries("linear scaling rule (" + lr + " ∝ " + batch + ")", false, true));
        Tips tips = new Tips();
        for (Trial t : complete) {
            double b = ParamAxis.numeric(t.params().get(batch));
            double x = ParamAxis.numeric(t.params().get(lr));
            if (b > 0 && x > 0) {
                addPoint(data, tips, 0, b, x, trialTip(t, metric) + ", " + lr + " " + num(x));
            }
        }
        for (ScalingRule.Point p : rule.points()) {
            addPoint(data, tips, 1, p.batch(), p.lr(), "best at " + batch + " " + num(p.batch()) + ": trial "
                    + p.trial() + ", " + lr + " " + num(p.lr()));
        }
        double minB = rule.points().get(0).batch();
        double maxB = rule.points().get(rule.points().size() - 1).batch();
        addPoint(data, tips, 2, minB, rule.referenceLr(minB), null);
        addPoint(data, tips, 2, maxB, rule.referenceLr(maxB), null);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, new Color(0xc8c8c8));
        r.setSeriesShape(0, dot(6));
        r.setSeriesPaint(1, PALETTE[0]);
        r.setSeriesShape(1, dot(10));
        r.setSeriesLinesVisible(1, enoughTrials);
        r.setSeriesStroke(1, new BasicStroke(2f));
        r.setSeriesPaint(2, GREY);
        r.setSeriesLinesVisible(2, true);
        r.setSeriesShapesVisible(2, false);
        r.setSeriesStroke(2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        r.setDefaultToolTipGenerator((d, s, i) -> tips.get(s, i));
        XYPlot plot = new XYPlot(data, axis(batch + " (log2 scale)", true, 2), axis(lr + " (log scale)", true, 10), r);
        return chart("Best " + lr + " by " + batch, plot, true);
    }

    /** Per-epoch values of the top trials (colours) and of the pruned ones (grey, dashed). */
    static JFreeChart learningCurves(String metric, List<Trial> top, List<Trial> pruned) {
        XYSeriesCollection data = new XYSeriesCollection();
        Tips tips = new Tips();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        int s = 0;
        for (int k = 0; k < top.size(); k++) {
            Trial t = top.get(k);
            data.addSeries(new XYSeries("trial " + t.number() + " (rank " + (k + 1) + ")", false, true));
            for (int e = 0; e < t.intermediates().size(); e++) {
                addPoint(data, tips, s, e + 1, t.intermediates().get(e), "trial " + t.number() + ", epoch " + (e + 1)
                        + ": " + metric + " " + num(t.intermediates().get(e)));
            }
            r.setSeriesPaint(s, PALETTE[k % PALETTE.length]);
            r.setSeriesStroke(s, new BasicStroke(2f));
            s++;
        }
        for (int k = 0; k < pruned.size(); k++) {
            Trial t = pruned.get(k);
            data.addSeries(new XYSeries(k == 0 ? "pruned trials" : "pruned trial " + t.number(), false, true));
            for (int e = 0; e < t.intermediates().size(); e++) {
                addPoint(data, tips, s, e + 1, t.intermediates().get(e), "trial " + t.number() + " (pruned), epoch "
                        + (e + 1) + ": " + metric + " " + num(t.intermediates().get(e)));
            }
            r.setSeriesPaint(s, GREY);
            r.setSeriesStroke(s, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[]{4f, 3f}, 0f));
            r.setSeriesVisibleInLegend(s, k == 0);
            s++;
        }
        r.setDefaultShapesVisible(false);
        for (int i = 0; i < s; i++) {
            r.setSeriesShape(i, dot(6));
        }
        r.setDefaultToolTipGenerator((d, si, i) -> tips.get(si, i));
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, x, axis(metric, false, 10), r);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.REVERSE);
        return chart("Learning curves", plot, true);
    }

    /** A colour scale from dark (worst) to bright (best), after viridis. */
    static final class ValueScale implements PaintScale {
        private static final Color[] STOPS = {new Color(0x440154), new Color(0x3b528b), new Color(0x21918c),
                new Color(0x5ec962), new Color(0xfde725)};
        private final double lo;
        private final double hi;
        private final boolean maximize;

        ValueScale(double lo, double hi, boolean maximize) {
            this.lo = lo;
            this.hi = hi == lo ? lo + 1e-9 : hi;
            this.maximize = maximize;
        }

        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        @Override
        public Paint getPaint(double value) {
            double u = Math.max(0, Math.min(1, (value - lo) / (hi - lo)));
            if (!maximize) {
                u = 1 - u;
            }
            double pos = u * (STOPS.length - 1);
            int i = Math.min(STOPS.length - 2, (int) Math.floor(pos));
            double f = pos - i;
            Color a = STOPS[i];
            Color b = STOPS[i + 1];
            return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }
    }

    /**
     * Parallel coordinates: one vertical axis per parameter (its range top to bottom, log where the
     * space says so, categories spread evenly) and the objective last; one line per complete trial,
     * coloured by its value, the best drawn last.
     */
    static JFreeChart parallel(String metric, Direction direction, List<ParamAxis> axes, List<Trial> complete) {
        double lo = complete.stream().mapToDouble(Trial::value).min().orElse(0);
        double hi = complete.stream().mapToDouble(Trial::value).max().orElse(1);
        ValueScale scale = new ValueScale(lo, hi, direction == Direction.MAXIMIZE);
        List<Trial> order = new ArrayList<>(complete);
        Comparator<Trial> byValue = Comparator.comparingDouble(Trial::value);
        order.sort(direction == Direction.MAXIMIZE ? byValue : byValue.reversed());
        XYSeriesCollection data = new XYSeriesCollection();
        Tips tips = new Tips();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        int k = axes.size();
        for (int s = 0; s < order.size(); s++) {
            Trial t = order.get(s);
            XYSeries series = new XYSeries("trial " + t.number(), false, true);
            data.addSeries(series);
            for (int j = 0; j < k; j++) {
                ParamAxis a = axes.get(j);
                double u = a.unit(t.params().get(a.name()));
                addPoint(data, tips, s, j, u, "trial " + t.number() + ": " + a.name() + " "
                        + Leaderboard.param(t.params().get(a.name())) + ", " + metric + " " + num(t.value()));
            }
            addPoint(data, tips, s, k, hi == lo ? 0.5 : (t.value() - lo) / (hi - lo), trialTip(t, metric));
            r.setSeriesPaint(s, scale.getPaint(t.value()));
            r.setSeriesStroke(s, new BasicStroke(1.4f));
        }
        r.setDefaultToolTipGenerator((d, si, i) -> tips.get(si, i));
        String[] names = new String[k + 1];
        for (int j = 0; j < k; j++) {
            names[j] = axes.get(j).name();
        }
        names[k] = metric;
        SymbolAxis x = new SymbolAxis(null, names);
        x.setGridBandsVisible(false);
        x.setRange(-0.5, k + 0.5);
        NumberAxis y = new NumberAxis(null);
        y.setRange(-0.08, 1.08);
        y.setTickLabelsVisible(false);
        y.setTickMarksVisible(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        JFreeChart chart = chart("Parallel coordinates", plot, false);
        plot.setRangeGridlinesVisible(false);
        plot.setDomainGridlinesVisible(false);
        for (int j = 0; j <= k; j++) {
            plot.addDomainMarker(new ValueMarker(j, new Color(0x555555), new BasicStroke(1f)));
        }
        for (int j = 0; j < k; j++) {
            ParamAxis a = axes.get(j);
            if (a.categorical()) {
                for (String c : a.categories()) {
                    label(plot, c, j, a.unit(c), TextAnchor.CENTER_LEFT);
                }
            } else {
                label(plot, num(a.high()), j, 1.0, TextAnchor.BOTTOM_CENTER);
                label(plot, num(a.low()), j, 0.0, TextAnchor.TOP_CENTER);
                double mid = a.log() ? Math.sqrt(a.low() * a.high()) : (a.low() + a.high()) / 2;
                label(plot, num(mid), j, 0.5, TextAnchor.CENTER_LEFT);
            }
        }
        label(plot, num(hi), k, 1.0, TextAnchor.BOTTOM_CENTER);
        label(plot, num(lo), k, 0.0, TextAnchor.TOP_CENTER);
        NumberAxis legendAxis = new NumberAxis(metric);
        legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        legendAxis.setTickLabelFont(SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(12);
        legend.setMargin(new RectangleInsets(20, 8, 20, 4));
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        return chart;
    }

    private static void label(XYPlot plot, String text, double x, double y, TextAnchor anchor) {
        XYTextAnnotation a = new XYTextAnnotation(" " + text + " ", x, y);
        a.setFont(SMALL);
        a.setTextAnchor(anchor);
        // opaque, over the lines: a label is read, the few pixels of line under it are not missed
        a.setBackgroundPaint(Color.WHITE);
        a.setOutlineVisible(true);
        a.setOutlinePaint(new Color(0xbbbbbb));
        a.setOutlineStroke(new BasicStroke(0.5f));
        plot.addAnnotation(a);
    }

    /** Horizontal bars: each parameter's share of the objective's variance, with its bootstrap spread as whiskers. */
    static JFreeChart importance(Map<String, Importance.Share> shares) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        shares.forEach((name, share) -> data.add(share.mean(), share.spread(), "importance", name));
        NumberAxis valueAxis = new NumberAxis("share of the variance of the objective (fANOVA main effect)");
        valueAxis.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
        valueAxis.setLowerBound(0);
        valueAxis.setUpperMargin(0.1);
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setMaximumBarWidth(0.08);
        r.setErrorIndicatorPaint(new Color(0x333333));
        r.setDefaultToolTipGenerator((d, row, col) -> d.getColumnKey(col) + ": "
                + new DecimalFormat("0.0%").format(d.getValue(row, col)) + " ± "
                + new DecimalFormat("0.0%").format(((DefaultStatisticalCategoryDataset) d).getStdDevValue(row, col)));
        CategoryPlot plot = new CategoryPlot(data, new org.jfree.chart.axis.CategoryAxis(null), valueAxis, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart chart = new JFreeChart("Parameter importance", plot);
        THEME.apply(chart);
        chart.removeLegend();
        chart.setPadding(PADDING);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        return chart;
    }

    /**
     * A colour scale by trial number, light (early) to dark (late) blue, as Optuna's slice plot
     * colours its points, so that where the sampler went over time shows.
     */
    static final class TrialScale implements PaintScale {
        private static final Color EARLY = new Color(0xc6dbef);
        private static final Color LATE = new Color(0x08306b);
        private final double lo;
        private final double hi;

        TrialScale(double lo, double hi) {
            this.lo = lo;
            this.hi = hi <= lo ? lo + 1 : hi;
        }

        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        @Override
        public Paint getPaint(double value) {
            double f = Math.max(0, Math.min(1, (value - lo) / (hi - lo)));
            return new Color((int) Math.round(EARLY.getRed() + f * (LATE.getRed() - EARLY.getRed())),
                    (int) Math.round(EARLY.getGreen() + f * (LATE.getGreen() - EARLY.getGreen())),
                    (int) Math.round(EARLY.getBlue() + f * (LATE.getBlue() - EARLY.getBlue())));
        }

        static TrialScale of(List<Trial> trials) {
            return new TrialScale(trials.stream().mapToInt(Trial::number).min().orElse(0),
                    trials.stream().mapToInt(Trial::number).max().orElse(1));
        }
    }

    /** A colour bar beside the plot that names what a point's colour means. */
    private static void colourBar(JFreeChart chart, PaintScale scale, String label, boolean integer) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        axis.setTickLabelFont(SMALL);
        axis.setLabelFont(SMALL);
        if (integer) {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(10);
        legend.setMargin(new RectangleInsets(20, 8, 20, 4));
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
    }

    /** A scatter renderer whose points each have their own colour (one series, many colours). */
    private static final class PointColours extends XYLineAndShapeRenderer {
        private final Map<Long, Paint> paints = new HashMap<>();

        PointColours() {
            super(false, true);
        }

        void put(int series, int item, Paint paint) {
            paints.put(((long) series << 32) | item, paint);
        }

        @Override
        public Paint getItemPaint(int series, int item) {
            Paint p = paints.get(((long) series << 32) | item);
            return p != null ? p : super.getItemPaint(series, item);
        }
    }

    /**
     * The objective against one parameter, one point per complete trial coloured by its trial
     * number; categories are jittered sideways so equal points stay visible.
     */
    static JFreeChart slice(String metric, ParamAxis a, List<Trial> complete) {
        ParamScale scale = new ParamScale(a);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(new XYSeries(a.name(), false, true));
        Tips tips = new Tips();
        TrialScale colours = TrialScale.of(complete);
        PointColours r = new PointColours();
        SplittableRandom jitter = new SplittableRandom(a.name().hashCode());
        for (Trial t : complete) {
            Object v = t.params().get(a.name());
            double x = scale.position(v);
            if (Double.isNaN(x)) {
                continue;
            }
            if (a.categorical()) {
                x += (jitter.nextDouble() - 0.5) * 0.3;
            }
            addPoint(data, tips, 0, x, t.value(), trialTip(t, metric) + ", " + a.name() + " " + Leaderboard.param(v));
            r.put(0, data.getSeries(0).getItemCount() - 1, colours.getPaint(t.number()));
        }
        r.setSeriesShape(0, dot(7));
        r.setUseOutlinePaint(true);
        r.setDrawOutlines(true);
        r.setSeriesOutlinePaint(0, new Color(0x08306b));
        r.setSeriesOutlineStroke(0, new BasicStroke(0.5f));
        r.setDefaultToolTipGenerator((d, s, i) -> tips.get(s, i));
        XYPlot plot = new XYPlot(data, scale.axis(), axis(metric, false, 10), r);
        JFreeChart chart = chart(a.name(), plot, false);
        colourBar(chart, colours, "trial", true);
        return chart;
    }

    /**
     * Optuna's contour plot for two parameters: the objective over their plane, estimated from the
     * complete trials by a Nadaraya-Watson kernel smoother (Nadaraya 1964; a Gaussian kernel of width
     * {@link #CONTOUR_BANDWIDTH} on the axes' unit scale), drawn as coloured cells, with the trials
     * as points. Far from every trial the estimate is the trials' mean, not knowledge.
     */
    static JFreeChart contour(String metric, Direction direction, ParamAxis ax, ParamAxis ay, List<Trial> complete) {
        ParamScale sx = new ParamScale(ax);
        ParamScale sy = new ParamScale(ay);
        double lo = complete.stream().mapToDouble(Trial::value).min().orElse(0);
        double hi = complete.stream().mapToDouble(Trial::value).max().orElse(1);
        ValueScale scale = new ValueScale(lo, hi, direction == Direction.MAXIMIZE);
        List<double[]> points = new ArrayList<>();
        List<Trial> shown = new ArrayList<>();
        for (Trial t : complete) {
            double u = ax.unit(t.params().get(ax.name()));
            double v = ay.unit(t.params().get(ay.name()));
            if (!Double.isNaN(u) && !Double.isNaN(v)) {
                points.add(new double[]{u, v, t.value()});
                shown.add(t);
            }
        }
        int nx = ax.categorical() ? ax.categories().size() : CONTOUR_CELLS;
        int ny = ay.categorical() ? ay.categories().size() : CONTOUR_CELLS;
        double x0 = sx.lowPosition();
        double y0 = sy.lowPosition();
        double w = (sx.highPosition() - x0) / nx;
        double h = (sy.highPosition() - y0) / ny;
        double[][] cells = new double[3][nx * ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double u = (i + 0.5) / nx;
                double v = (j + 0.5) / ny;
                double num = 0;
                double den = 0;
                for (double[] p : points) {
                    double d2 = ((p[0] - u) * (p[0] - u) + (p[1] - v) * (p[1] - v))
                            / (CONTOUR_BANDWIDTH * CONTOUR_BANDWIDTH);
                    double k = Math.exp(-0.5 * d2);
                    num += k * p[2];
                    den += k;
                }
                int c = i * ny + j;
                cells[0][c] = x0 + (i + 0.5) * w;
                cells[1][c] = y0 + (j + 0.5) * h;
                cells[2][c] = den > 1e-300 ? num / den : (lo + hi) / 2;
            }
        }
        DefaultXYZDataset grid = new DefaultXYZDataset();
        grid.addSeries("estimate", cells);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(w);
        blocks.setBlockHeight(h);
        blocks.setPaintScale(scale);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(new XYSeries("trials", false, true));
        Tips tips = new Tips();
        for (Trial t : shown) {
            addPoint(data, tips, 0, sx.position(t.params().get(ax.name())), sy.position(t.params().get(ay.name())),
                    trialTip(t, metric) + ", " + ax.name() + " " + Leaderboard.param(t.params().get(ax.name())) + ", "
                            + ay.name() + " " + Leaderboard.param(t.params().get(ay.name())));
        }
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesShape(0, dot(7));
        dots.setSeriesPaint(0, Color.WHITE);
        dots.setUseOutlinePaint(true);
        dots.setDrawOutlines(true);
        dots.setSeriesOutlinePaint(0, Color.BLACK);
        dots.setSeriesOutlineStroke(0, new BasicStroke(1f));
        dots.setDefaultToolTipGenerator((d, s, i) -> tips.get(s, i));
        ValueAxis xAxis = sx.axis();
        ValueAxis yAxis = sy.axis();
        xAxis.setRange(sx.lowPosition(), sx.highPosition());
        yAxis.setRange(sy.lowPosition(), sy.highPosition());
        XYPlot plot = new XYPlot(data, xAxis, yAxis, dots);
        plot.setDataset(1, grid);
        plot.setRenderer(1, blocks);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE);
        JFreeChart chart = chart(ax.name() + " and " + ay.name(), plot, false);
        // the axes stand off the cells, so the first ticks of the two axes do not meet in the corner
        plot.setAxisOffset(new RectangleInsets(6, 6, 6, 6));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        colourBar(chart, scale, metric, false);
        return chart;
    }

    static final int CONTOUR_CELLS = 40;
    static final double CONTOUR_BANDWIDTH = 0.15;

    /** The best value after each trial of each study, against the number of trials that study had run. */
    static JFreeChart bestSoFar(String metric, Direction direction, Map<String, List<Trial>> studies) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYStepRenderer r = new XYStepRenderer();
        int s = 0;
        for (Map.Entry<String, List<Trial>> e : studies.entrySet()) {
            XYSeries series = new XYSeries(e.getKey(), false, true);
            Double best = null;
            int run = 0;
            for (Trial t : e.getValue()) {
                run++;
                if (t.state() == TrialState.COMPLETE && t.value() != null && Double.isFinite(t.value())) {
                    if (best == null || (direction == Direction.MAXIMIZE ? t.value() > best : t.value() < best)) {
                        best = t.value();
                    }
                }
                if (best != null) {
                    series.add(run, best);
                }
            }
            data.addSeries(series);
            r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            r.setSeriesStroke(s, new BasicStroke(2f));
            s++;
        }
        NumberAxis x = new NumberAxis("trials run");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, x, axis("best " + metric, false, 10), r);
        return chart("Best " + metric + " so far", plot, true);
    }

    /**
     * Optuna's empirical distribution function plot: for each value of the objective, the share of
     * complete trials that reached it or better, one line per study (several when comparing).
     */
    static JFreeChart edf(String metric, Direction direction, Map<String, List<Trial>> studies) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYStepRenderer r = new XYStepRenderer();
        int s = 0;
        for (Map.Entry<String, List<Trial>> e : studies.entrySet()) {
            double[] values = e.getValue().stream().filter(t -> t.value() != null && Double.isFinite(t.value()))
                    .mapToDouble(Trial::value).sorted().toArray();
            XYSeries series = new XYSeries(e.getKey(), true, true);
            int n = values.length;
            for (int i = 0; i < n; i++) {
                // share of trials at least as good as values[i]
                double share = direction == Direction.MAXIMIZE ? (double) (n - i) / n : (double) (i + 1) / n;
                series.addOrUpdate(values[i], share);
            }
            data.addSeries(series);
            r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            r.setSeriesStroke(s, new BasicStroke(2f));
            s++;
        }
        // maximising, the share at least as good as x drops just after each value (the step at its start);
        // minimising, it rises at each value and holds until the next (the step at its end)
        r.setStepPoint(direction == Direction.MAXIMIZE ? 0.0 : 1.0);
        NumberAxis y = new NumberAxis("share of complete trials at least this good");
        y.setRange(0, 1.02);
        y.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
        XYPlot plot = new XYPlot(data, axis(metric, false, 10), y, r);
        return chart("Empirical distribution of " + metric, plot, studies.size() > 1);
    }

    /** The LR range test: smoothed loss against the learning rate, the suggestion marked. */
    static JFreeChart lrFind(StudyFiles.LrFind f) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries s = new XYSeries("loss", false, true);
        data.addSeries(s);
        for (double[] p : f.points()) {
            if (p[0] > 0 && Double.isFinite(p[1])) {
                s.add(p[0], p[1]);
            }
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, axis("learning rate (log scale)", true, 10), axis("loss", false, 10), r);
        JFreeChart chart = chart("LR range test", plot, false);
        if (f.rangeLow() != null && f.rangeHigh() != null && f.rangeLow() > 0) {
            IntervalMarker band = new IntervalMarker(f.rangeLow(), f.rangeHigh(), new Color(0x59a14f));
            band.setAlpha(0.15f);
            band.setLabel("suggested range");
            band.setLabelFont(SMALL);
            band.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            band.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(band);
        }
        if (f.suggestion() != null && f.suggestion() > 0) {
            ValueMarker m = new ValueMarker(f.suggestion(), BEST, new BasicStroke(2f));
            m.setLabel("suggested " + num(f.suggestion()));
            m.setLabelFont(SMALL);
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_RIGHT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addDomainMarker(m);
        }
        return chart;
    }
}
