package dev.liandan.bench;

import dev.liandan.bench.FrontBench.Config;
import dev.liandan.bench.FrontBench.Method;
import dev.liandan.bench.FrontBench.Run;
import dev.liandan.core.Direction;
import dev.liandan.space.FixedParam;
import dev.liandan.space.Objective;
import dev.liandan.space.Param;
import dev.liandan.study.ParetoRanking;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown of {@code liandan bench front}: the command, the machine, the reference point; the
 * hypervolume of every search's Pareto front by sampler and seed with the median over the seeds;
 * and the front of the search with the largest hypervolume.
 */
public final class FrontBenchReport {
    private FrontBenchReport() {
    }

    /**
     * @param reference the reference point every hypervolume is measured to, in the objectives' units
     * @param given     whether the reference point was given on the command line (else derived from the runs)
     */
    public static String markdown(String heading, Config c, List<Run> runs, double[] reference, boolean given,
                                  String command, String loadBefore) {
        return markdown(heading, c, runs, reference, given, new boolean[c.spec().objectives().size()], command, loadBefore);
    }

    /** @param log the objectives whose log10 the hypervolume measures */
    public static String markdown(String heading, Config c, List<Run> runs, double[] reference, boolean given,
                                  boolean[] log, String command, String loadBefore) {
        List<Objective> objectives = c.spec().objectives();
        double[] ideal = FrontBench.ideal(objectives, runs);
        double box = FrontBench.boxVolume(ideal, reference, log);
        StringBuilder sb = new StringBuilder(heading).append("\n\n");
        sb.append("```\n").append(command).append("\n```\n\n");
        sb.append(String.format(Locale.ROOT, "%s; %s; load average (1, 5, 15 min) %s before, %s after.%n%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT))
                        .replaceAll("\\.\\d+", ""), PruneBenchReport.machine(), loadBefore,
                PruneBenchReport.loadAverage()));
        sb.append(String.format(Locale.ROOT, "Space `%s`, objectives %s; %d trials per search, one after another in"
                        + " one process; seeds %s. Hypervolume: the area (volume) that a search's Pareto front (its"
                        + " COMPLETE%s trials) dominates%s up to the reference point %s, the same for every search (%s);"
                        + " \"share of the box\": divided by the volume of the box between that point and the ideal"
                        + " point %s (each objective's best over every search). Higher is better.%n%n",
                c.spec().source(), objectives(objectives), c.trials(),
                c.seeds(), c.spec().constraints().isEmpty() ? "" : ", feasible", logNote(objectives, log),
                point(objectives, reference), given ? "given on the command line"
                        : "each objective's worst value over every trial of every search, a tenth of its range further out",
                point(objectives, ideal)));

        sb.append("| sampler |");
        c.seeds().forEach(s -> sb.append(" seed ").append(s).append(" |"));
        sb.append(" median | median share of the box | median front size | failed trials | median wall s |\n");
        sb.append("|---|").append("---|".repeat(c.seeds().size() + 5)).append('\n');
        for (Method m : c.methods()) {
            List<Run> mr = runs.stream().filter(r -> r.method().equals(m)).toList();
            sb.append("| ").append(m.label()).append(" |");
            List<Double> hvs = new ArrayList<>();
            for (long seed : c.seeds()) {
                Run r = mr.stream().filter(x -> x.seed() == seed).findFirst().orElse(null);
                if (r == null) {
                    sb.append(" – |");
                } else {
                    double hv = FrontBench.hypervolume(r, objectives, reference, log);
                    hvs.add(hv);
                    sb.append(' ').append(num(hv)).append(" |");
                }
            }
            double median = PruneBenchReport.medianOf(hvs);
            sb.append(' ').append(num(median)).append(" | ")
                    .append(box > 0 ? String.format(Locale.ROOT, "%.3f", median / box) : "–").append(" | ")
                    .append(num(PruneBenchReport.medianOf(mr.stream().map(r -> (double) r.front().size()).toList())))
                    .append(" | ").append(mr.stream().mapToInt(Run::failed).sum()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", PruneBenchReport.medianOf(mr.stream().map(Run::seconds).toList())))
                    .append(" |\n");
        }

        Run best = runs.stream().max(Comparator.comparingDouble(r -> FrontBench.hypervolume(r, objectives, reference, log)))
                .orElse(null);
        if (best != null) {
            sb.append(String.format(Locale.ROOT, "%nThe front of the search with the largest hypervolume (%s, seed %d,"
                    + " %s), by %s:%n%n", best.method().label(), best.seed(),
                    num(FrontBench.hypervolume(best, objectives, reference, log)), objectives.get(objectives.size() - 1).metric()));
            sb.append("| trial |");
            objectives.forEach(o -> sb.append(' ').append(o.metric()).append(" |"));
            sb.append(" configuration |\n|---|").append("---|".repeat(objectives.size() + 1)).append('\n');
            List<String> searched = c.spec().space().params().stream().filter(p -> !(p instanceof FixedParam))
                    .map(Param::name).toList();
            List<ParetoRanking.Ranked> front = new ArrayList<>(best.front());
            int last = objectives.size() - 1;
            front.sort(Comparator.comparingDouble(r -> r.values().get(last)));
            for (ParetoRanking.Ranked r : front) {
                sb.append("| ").append(r.trial().number()).append(" |");
                r.values().forEach(v -> sb.append(' ').append(num(v)).append(" |"));
                sb.append(' ').append(configuration(r.trial().params(), searched)).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String logNote(List<Objective> objectives, boolean[] log) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < log.length; k++) {
            if (log[k]) {
                names.add(objectives.get(k).metric());
            }
        }
        return names.isEmpty() ? "" : ", measured on log10 of " + String.join(" and ", names) + ",";
    }

    private static String objectives(List<Objective> objectives) {
        return String.join(", ", objectives.stream().map(o -> o.metric() + " ("
                + (o.direction() == Direction.MAXIMIZE ? "maximised" : "minimised") + ")").toList());
    }

    private static String point(List<Objective> objectives, double[] p) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < p.length; k++) {
            parts.add(objectives.get(k).metric() + " " + num(p[k]));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** The trial's values of the searched parameters, in the space's order, numbers shortened. */
    static String configuration(Map<String, Object> params, List<String> searched) {
        List<String> parts = new ArrayList<>();
        searched.forEach(k -> {
            Object v = params.get(k);
            if (params.containsKey(k)) {
                parts.add(k + "=" + (v instanceof Double d ? num(d) : String.valueOf(v)));
            }
        });
        return String.join(" ", parts);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        return a >= 1000 ? String.format(Locale.ROOT, "%.0f", v)
                : a >= 0.01 || a == 0 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
