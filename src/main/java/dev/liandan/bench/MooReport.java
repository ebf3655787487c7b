package dev.liandan.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The markdown of {@code liandan bench moo}: per problem, the median hypervolume over seeds of each
 * liandan method and each Optuna method, the best of each side and whether liandan's best reaches
 * Optuna's; then the median CPU seconds of one search.
 */
public final class MooReport {
    private final List<String> problems;
    private final List<MooBench.Run> liandan;
    private final List<MooBench.Run> optuna;
    private final String optunaVersion;

    /** {@code optuna} empty and {@code optunaVersion} null when the peer did not run. */
    public MooReport(List<String> problems, List<MooBench.Run> liandan, List<MooBench.Run> optuna, String optunaVersion) {
        this.problems = problems;
        this.liandan = liandan;
        this.optuna = optuna;
        this.optunaVersion = optunaVersion;
    }

    public String markdown(int seeds, int trials) {
        List<String> ours = methods(liandan);
        List<String> theirs = methods(optuna);
        StringBuilder out = new StringBuilder();
        int optunaSeeds = Integer.MAX_VALUE;
        for (String p : problems) {
            for (String m : theirs) {
                optunaSeeds = Math.min(optunaSeeds, (int) optuna.stream()
                        .filter(r -> r.problem().equals(p) && r.method().equals(m)).count());
            }
        }
        String seedNote = theirs.isEmpty() || optunaSeeds == seeds ? ""
                : String.format(Locale.ROOT, " (Optuna: at least %d seeds per cell)", optunaSeeds);
        out.append(String.format(Locale.ROOT, "Median over %d seeds%s of the hypervolume of the feasible trials after %d"
                + " trials (higher is better)%s.%n%n", seeds, seedNote, trials,
                optunaVersion == null ? "" : "; liandan against Optuna " + optunaVersion));
        out.append("| problem (reference point) |");
        ours.forEach(m -> out.append(" liandan ").append(m).append(" |"));
        theirs.forEach(m -> out.append(" Optuna ").append(m).append(" |"));
        if (!theirs.isEmpty()) {
            out.append(" best liandan | best Optuna | goal met |");
        }
        out.append("\n|---|");
        out.append("---|".repeat(ours.size() + theirs.size() + (theirs.isEmpty() ? 0 : 3)));
        out.append('\n');
        for (String p : problems) {
            MooProblem problem = MooProblems.byName(p);
            out.append("| ").append(p).append(" ").append(Arrays.toString(problem.reference()).replace(".0,", ",")
                    .replace(".0]", "]")).append(" |");
            double bestOurs = Double.NEGATIVE_INFINITY;
            String bestOursLabel = "";
            for (String m : ours) {
                double v = medianHypervolume(liandan, problem, m);
                out.append(' ').append(fmt(v)).append(" |");
                if (!m.equals("random") && v > bestOurs) {
                    bestOurs = v;
                    bestOursLabel = m;
                }
            }
            double bestTheirs = Double.NEGATIVE_INFINITY;
            String bestTheirsLabel = "";
            for (String m : theirs) {
                double v = medianHypervolume(optuna, problem, m);
                out.append(' ').append(fmt(v)).append(" |");
                if (!Double.isNaN(v) && v > bestTheirs) {
                    bestTheirs = v;
                    bestTheirsLabel = m;
                }
            }
            if (!theirs.isEmpty() && bestTheirs == Double.NEGATIVE_INFINITY) {
                out.append(' ').append(fmt(bestOurs)).append(" (").append(bestOursLabel).append(") | – | – |");
            } else if (!theirs.isEmpty()) {
                out.append(' ').append(fmt(bestOurs)).append(" (").append(bestOursLabel).append(") | ")
                        .append(fmt(bestTheirs)).append(" (").append(bestTheirsLabel).append(") | ")
                        .append(bestOurs >= bestTheirs ? "yes" : "no").append(" |");
            }
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "%nMedian CPU seconds of one search of %d trials (liandan: the thread that"
                + " ran it, ask, storage and evaluation; Optuna: its process).%n%n| problem |", trials));
        ours.forEach(m -> out.append(" liandan ").append(m).append(" |"));
        theirs.forEach(m -> out.append(" Optuna ").append(m).append(" |"));
        out.append("\n|---|").append("---|".repeat(ours.size() + theirs.size())).append('\n');
        for (String p : problems) {
            out.append("| ").append(p).append(" |");
            for (String m : ours) {
                out.append(' ').append(String.format(Locale.ROOT, "%.2f", median(cpu(liandan, p, m)))).append(" |");
            }
            for (String m : theirs) {
                out.append(' ').append(String.format(Locale.ROOT, "%.2f", median(cpu(optuna, p, m)))).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<String> methods(List<MooBench.Run> runs) {
        Set<String> m = new LinkedHashSet<>();
        runs.forEach(r -> m.add(r.method()));
        return new ArrayList<>(m);
    }

    static double medianHypervolume(List<MooBench.Run> runs, MooProblem problem, String method) {
        return median(runs.stream().filter(r -> r.problem().equals(problem.name()) && r.method().equals(method))
                .mapToDouble(r -> r.hypervolume(problem)).toArray());
    }

    private static double[] cpu(List<MooBench.Run> runs, String problem, String method) {
        return runs.stream().filter(r -> r.problem().equals(problem) && r.method().equals(method))
                .mapToDouble(MooBench.Run::cpuSeconds).toArray();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }
}
