package dev.liandan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.core.UserError;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bench lcbench} prints and writes: mean normalised regret at each budget (over
 * tasks and seeds), average ranks (methods ranked within each task and seed, ties sharing the mean
 * rank), the budget at which each method's mean regret first reaches random + ASHA's regret at the
 * largest budget, the JSON form shared with {@code bench/optuna_lcbench.py}, and the anytime curves
 * as an SVG plot.
 */
public final class LcbenchReport {
    /** The label of the method whose final regret is the target of "budget to reach". */
    public static final String ASHA = "random+asha";
    /** Budgets of the anytime curves: 60 points, evenly spaced in log from 0.5 to 100. */
    static final double[] GRID = grid(0.5, 100, 60);

    private final List<String> methods;
    private final Map<String, List<LcbenchBench.Run>> byMethod = new LinkedHashMap<>();

    public LcbenchReport(List<LcbenchBench.Run> runs) {
        for (LcbenchBench.Run r : runs) {
            byMethod.computeIfAbsent(r.method().label(), k -> new ArrayList<>()).add(r);
        }
        methods = List.copyOf(byMethod.keySet());
    }

    private static double[] grid(double from, double to, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = from * Math.pow(to / from, i / (double) (n - 1));
        }
        return g;
    }

    public double meanRegret(String method, double budget) {
        return byMethod.get(method).stream().mapToDouble(r -> r.regretAt(budget)).average().orElse(Double.NaN);
    }

    /** The average rank of each method at {@code budget}: ranked within each (task, seed), 1 = lowest regret. */
    public Map<String, Double> averageRanks(double budget) {
        Map<String, Double> sum = new LinkedHashMap<>();
        Map<String, Integer> count = new LinkedHashMap<>();
        Map<String, Map<String, Double>> cells = new LinkedHashMap<>();
        for (var e : byMethod.entrySet()) {
            for (LcbenchBench.Run r : e.getValue()) {
                cells.computeIfAbsent(r.task() + "/" + r.seed(), k -> new LinkedHashMap<>()).put(e.getKey(), r.regretAt(budget));
            }
        }
        for (Map<String, Double> cell : cells.values()) {
            for (var m : cell.entrySet()) {
                double less = 0;
                double equal = 0;
                for (double other : cell.values()) {
                    less += other < m.getValue() ? 1 : 0;
                    equal += other == m.getValue() ? 1 : 0;
                }
                sum.merge(m.getKey(), less + (equal + 1) / 2, Double::sum);
                count.merge(m.getKey(), 1, Integer::sum);
            }
        }
        Map<String, Double> ranks = new LinkedHashMap<>();
        sum.forEach((k, v) -> ranks.put(k, v / count.get(k)));
        return ranks;
    }

    /** The first budget of the grid at which the method's mean regret is at most {@code target}, or +inf. */
    public double budgetToReach(String method, double target) {
        for (double b : GRID) {
            if (meanRegret(method, b) <= target) {
                return b;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    public List<String> methods() {
        return methods;
    }

    /** The Markdown table: mean regret at each budget, average rank at each budget, budget to reach ASHA's final. */
    public String markdown() {
        StringBuilder s = new StringBuilder();
        Double target = byMethod.containsKey(ASHA) ? meanRegret(ASHA, max()) : null;
        s.append("| method |");
        for (int b : LcbenchBench.BUDGETS) {
            s.append(" regret @").append(b).append(" |");
        }
        for (int b : LcbenchBench.BUDGETS) {
            s.append(" rank @").append(b).append(" |");
        }
        s.append(target == null ? "" : " budget to reach " + ASHA + " @" + fmt0(max()) + " |").append('\n');
        s.append("|---|").append("---:|".repeat(2 * LcbenchBench.BUDGETS.size())).append(target == null ? "" : "---:|")
                .append('\n');
        List<Map<String, Double>> ranks = LcbenchBench.BUDGETS.stream().map(this::averageRanks).toList();
        for (String m : methods) {
            s.append("| ").append(m).append(" |");
            for (int b : LcbenchBench.BUDGETS) {
                s.append(String.format(Locale.ROOT, " %.4f |", meanRegret(m, b)));
            }
            for (Map<String, Double> r : ranks) {
                s.append(String.format(Locale.ROOT, " %.2f |", r.get(m)));
            }
            if (target != null) {
                double b = budgetToReach(m, target);
                s.append(Double.isInfinite(b) ? " not reached |" : String.format(Locale.ROOT, " %.1f |", b));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private double max() {
        return LcbenchBench.BUDGETS.get(LcbenchBench.BUDGETS.size() - 1);
    }

    private static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /**
     * {@code {"methods": {"<name>": {"regret": {"10": r, "30": r, "100": r}, "curve": [...]}}, "grid": [...]}},
     * as optuna_lcbench.py writes it: the curve is the mean regret at each budget of the grid.
     */
    public void writeJson(Path file) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode all = root.putObject("methods");
        for (String m : methods) {
            ObjectNode regret = all.putObject(m).putObject("regret");
            for (int b : LcbenchBench.BUDGETS) {
                regret.put(Integer.toString(b), meanRegret(m, b));
            }
            var curve = ((ObjectNode) all.get(m)).putArray("curve");
            for (double b : GRID) {
                curve.add(meanRegret(m, b));
            }
        }
        var grid = root.putArray("grid");
        for (double b : GRID) {
            grid.add(b);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A peer's method read from optuna_lcbench.py's JSON: its mean regret at each budget and its curve on {@link #GRID}. */
    public record Peer(Map<String, Double> regret, double[] curve) {
    }

    /**
     * The methods of a JSON file that optuna_lcbench.py wrote; a file that is not of that form is a
     * user error naming it.
     */
    public static Map<String, Peer> readPeers(Path file) {
        Map<String, Peer> out = new LinkedHashMap<>();
        try {
            var root = new ObjectMapper().readTree(file.toFile());
            var all = root.path("methods");
            if (!all.isObject() || all.isEmpty()) {
                throw new UserError(file + ": expected {\"methods\": {NAME: {\"regret\": ..., \"curve\": [...]}}}"
                        + " as bench/optuna_lcbench.py --json writes it");
            }
            for (var it = all.fields(); it.hasNext(); ) {
                var e = it.next();
                Map<String, Double> regret = new LinkedHashMap<>();
                for (int b : LcbenchBench.BUDGETS) {
                    var v = e.getValue().path("regret").path(Integer.toString(b));
                    if (!v.isNumber()) {
                        throw new UserError(file + ": method '" + e.getKey() + "' has no regret at " + b);
                    }
                    regret.put(Integer.toString(b), v.asDouble());
                }
                var c = e.getValue().path("curve");
                double[] curve = new double[c.size()];
                for (int i = 0; i < curve.length; i++) {
                    curve[i] = c.get(i).asDouble();
                }
                out.put(e.getKey(), new Peer(regret, curve.length == GRID.length ? curve : null));
            }
        } catch (IOException e) {
            throw new UserError(file + ": not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return out;
    }

    /** The peers' rows in the table's form: regrets only (ranks and budgets are liandan's own runs'). */
    public String peerRows(Map<String, Peer> peers) {
        StringBuilder s = new StringBuilder();
        for (var e : peers.entrySet()) {
            s.append("| ").append(e.getKey()).append(" |");
            for (int b : LcbenchBench.BUDGETS) {
                s.append(String.format(Locale.ROOT, " %.4f |", e.getValue().regret().get(Integer.toString(b))));
            }
            s.append(" |".repeat(LcbenchBench.BUDGETS.size() + (byMethod.containsKey(ASHA) ? 1 : 0))).append('\n');
        }
        return s.toString();
    }

    /** The peers' curves, for {@link #svg}'s dashed lines (those without a curve on the grid are left out). */
    public static Map<String, double[]> peerCurves(Map<String, Peer> peers) {
        Map<String, double[]> out = new LinkedHashMap<>();
        peers.forEach((name, p) -> {
            if (p.curve() != null) {
                out.put(name, p.curve());
            }
        });
        return out;
    }

    /**
     * The anytime curves as an SVG: mean regret against budget, both axes logarithmic. Extra curves
     * (Optuna's, read from its JSON) are drawn dashed.
     */
    public String svg(String title, Map<String, double[]> extra) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (String m : methods) {
            double[] y = new double[GRID.length];
            for (int i = 0; i < GRID.length; i++) {
                y[i] = meanRegret(m, GRID[i]);
            }
            curves.put(m, y);
        }
        return Svg.curves(title, GRID, curves, extra);
    }

    /** A minimal hand-written SVG line chart on log-log axes (no dependency for one picture). */
    static final class Svg {
        private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#000000", "#aec7e8"};

        static String curves(String title, double[] x, Map<String, double[]> solid, Map<String, double[]> dashed) {
            int w = 760;
            int h = 440;
            int left = 60;
            int right = 230;
            int top = 30;
            int bottom = 45;
            double yMin = Double.POSITIVE_INFINITY;
            double yMax = 0;
            for (Map<String, double[]> set : List.of(solid, dashed)) {
                for (double[] ys : set.values()) {
                    for (double y : ys) {
                        if (y > 0 && Double.isFinite(y)) {
                            yMin = Math.min(yMin, y);
                            yMax = Math.max(yMax, y);
                        }
                    }
                }
            }
            yMin = Math.pow(10, Math.floor(Math.log10(Math.max(yMin, 1e-4))));
            yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(yMax, yMin * 10))));
            double lx0 = Math.log10(x[0]);
            double lx1 = Math.log10(x[x.length - 1]);
            double ly0 = Math.log10(yMin);
            double ly1 = Math.log10(yMax);
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", left, escape(title)));
            int pw = w - left - right;
            int ph = h - top - bottom;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                    left, top, pw, ph));
            for (double tick : new double[]{0.5, 1, 3, 10, 30, 100}) {
                double px = left + (Math.log10(tick) - lx0) / (lx1 - lx0) * pw;
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, top, px, top + ph, px, top + ph + 15,
                        tick < 1 ? "0.5" : fmt(tick)));
            }
            for (double tick = yMin; tick <= yMax * 1.001; tick *= 10) {
                double py = top + ph - (Math.log10(tick) - ly0) / (ly1 - ly0) * ph;
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                        + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, py, left + pw, py, left - 4, py + 4,
                        String.format(Locale.ROOT, "%g", tick)));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">budget (full-training "
                    + "equivalents, log)</text>%n", left + pw / 2, h - 8));
            s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
                    + "text-anchor=\"middle\">mean normalised regret (log)</text>%n", top + ph / 2, top + ph / 2));
            int i = 0;
            for (Map<String, double[]> set : List.of(solid, dashed)) {
                boolean dash = set == dashed;
                for (var e : set.entrySet()) {
                    String colour = COLOURS[i % COLOURS.length];
                    StringBuilder pts = new StringBuilder();
                    for (int k = 0; k < x.length && k < e.getValue().length; k++) {
                        double y = Math.max(e.getValue()[k], yMin);
                        double px = left + (Math.log10(x[k]) - lx0) / (lx1 - lx0) * pw;
                        double py = top + ph - (Math.log10(y) - ly0) / (ly1 - ly0) * ph;
                        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                    }
                    s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                            colour, dash ? " stroke-dasharray=\"6,4\"" : "", pts.toString().strip()));
                    int ly = top + 10 + 18 * i;
                    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                            + "stroke-width=\"2\"%s/><text x=\"%d\" y=\"%d\">%s</text>%n", left + pw + 10, ly, left + pw + 34, ly,
                            colour, dash ? " stroke-dasharray=\"6,4\"" : "", left + pw + 40, ly + 4, escape(e.getKey())));
                    i++;
                }
            }
            s.append("</svg>\n");
            return s.toString();
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }

        private static String escape(String t) {
            return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
