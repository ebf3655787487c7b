package dev.liandan.bench;

import dev.liandan.bench.PruneBench.Config;
import dev.liandan.bench.PruneBench.Method;
import dev.liandan.bench.PruneBench.Run;
import dev.liandan.core.Direction;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ## Pruning} section of {@code bench/RESULTS.md}: the command, the machine, and
 * medians over the seeds of the best value within the budget, of the epochs each method needed to
 * come within {@code tolerance} of the unpruned search's best (the first method is the baseline),
 * and of the best value against epochs spent.
 */
public final class PruneBenchReport {
    public static final String HEADING = "## Pruning";

    private PruneBenchReport() {
    }

    /**
     * @param tolerance how far below the baseline's best (above, when minimising) still counts as
     *                  reaching it: 0.005 is half a point of accuracy
     */
    public static String markdown(Config c, List<Run> runs, double tolerance, String command, String loadBefore) {
        return markdown(HEADING, c, runs, tolerance, command, loadBefore);
    }

    /** The section under {@code heading} (a {@code ## } line). */
    public static String markdown(String heading, Config c, List<Run> runs, double tolerance, String command,
                                  String loadBefore) {
        Direction dir = c.spec().objective().direction();
        String metric = c.spec().objective().metric();
        int budget = c.budget();
        StringBuilder sb = new StringBuilder(heading).append("\n\n");
        sb.append("```\n").append(command).append("\n```\n\n");
        sb.append(String.format(Locale.ROOT, "%s; %s; load average (1, 5, 15 min) %s before, %s after.%n%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT))
                        .replaceAll("\\.\\d+", ""), machine(), loadBefore, loadAverage()));
        sb.append(String.format(Locale.ROOT, "Space `%s`, %d epochs per trial that is not stopped, sampler %s; "
                        + "budget %d epochs (what %d unpruned trials spend); seeds %s; medians over the %d seeds. "
                        + "\"Reach\" is the epochs spent when the study's best %s (its best COMPLETE trial, as "
                        + "the leaderboard ranks) first came within %s of the unpruned search's best for the "
                        + "same seed; \"to the exact best\": came to at least that best.%n%n",
                c.spec().source(), c.epochs(), samplers(c), budget, c.fullTrials(),
                c.seeds(), c.seeds().size(), metric, num(tolerance)));

        sb.append("| method | best ").append(metric).append(" within budget | epochs to reach | reached (seeds) ")
                .append("| reach / budget | epochs to the exact best | reached (seeds) | trials | pruned | wall s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Method m : c.methods()) {
            List<Run> mr = runsOf(runs, m);
            List<Integer> reach = new ArrayList<>();
            int reached = 0;
            for (Run r : mr) {
                Integer e = r.epochsToReach(target(runs, c, r.seed(), tolerance, dir), dir, budget);
                reach.add(e);
                reached += e == null ? 0 : 1;
            }
            Integer medianReach = medianEpochs(reach);
            List<Integer> exact = new ArrayList<>();
            for (Run r : mr) {
                exact.add(r.epochsToReach(target(runs, c, r.seed(), 0, dir), dir, budget));
            }
            Integer medianExact = medianEpochs(exact);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d/%d | %s | %s | %d/%d | %s | %s | %s |%n", m.label(),
                    num(median(mr.stream().map(r -> r.bestWithin(budget)).toList(), dir)),
                    medianReach == null ? "not reached" : medianReach.toString(), reached, mr.size(),
                    medianReach == null ? "-" : String.format(Locale.ROOT, "%.2f", (double) medianReach / budget),
                    medianExact == null ? "not reached" : medianExact.toString(),
                    exact.stream().filter(e -> e != null).count(), mr.size(),
                    num(medianOf(mr.stream().map(r -> (double) r.trials()).toList())),
                    num(medianOf(mr.stream().map(r -> (double) r.pruned()).toList())),
                    String.format(Locale.ROOT, "%.0f", medianOf(mr.stream().map(Run::seconds).toList()))));
        }

        sb.append("\nBest ").append(metric).append(" so far against epochs spent (median over the seeds):\n\n");
        sb.append("| epochs spent |");
        c.methods().forEach(m -> sb.append(' ').append(m.label()).append(" |"));
        sb.append('\n').append("|---|").append("---|".repeat(c.methods().size())).append('\n');
        for (int at : checkpoints(budget)) {
            sb.append(String.format(Locale.ROOT, "| %d (%s) |", at, fraction(at, budget)));
            for (Method m : c.methods()) {
                sb.append(' ').append(num(median(runsOf(runs, m).stream().map(r -> r.bestWithin(at)).toList(), dir)))
                        .append(" |");
            }
            sb.append('\n');
        }

        sb.append("\nPer seed:\n\n| seed | method | best within budget | epochs to reach | epochs to the exact best ")
                .append("| trials | pruned | failed | wall s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            Integer e = r.epochsToReach(target(runs, c, r.seed(), tolerance, dir), dir, budget);
            Integer x = r.epochsToReach(target(runs, c, r.seed(), 0, dir), dir, budget);
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %d | %d | %d | %.0f |%n", r.seed(),
                    r.method().label(), num(r.bestWithin(budget)), e == null ? "not reached" : e.toString(),
                    x == null ? "not reached" : x.toString(), r.trials(),
                    r.pruned(), r.failed(), r.seconds()));
        }
        return sb.toString();
    }

    /** The space's sampler, or, when a method names its own, each method's. */
    private static String samplers(Config c) {
        if (c.methods().stream().allMatch(m -> m.sampler() == null)) {
            return c.spec().search().sampler();
        }
        return "as each method names (the space file's: " + c.spec().search().sampler() + ")";
    }

    private static List<Run> runsOf(List<Run> runs, Method m) {
        return runs.stream().filter(r -> r.method().equals(m)).toList();
    }

    /** The value to reach for a seed: the baseline's best within the budget, less the tolerance. */
    static double target(List<Run> runs, Config c, long seed, double tolerance, Direction dir) {
        Method baseline = c.methods().get(0);
        Double best = runs.stream().filter(r -> r.method().equals(baseline) && r.seed() == seed)
                .map(r -> r.bestWithin(c.budget())).filter(v -> v != null).findFirst().orElse(null);
        if (best == null) {
            return dir == Direction.MAXIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return dir == Direction.MAXIMIZE ? best - tolerance : best + tolerance;
    }

    /** Budget fractions worth a row: 1/9, 1/6, 1/3 (the goal), 1/2, 2/3, all. */
    static List<Integer> checkpoints(int budget) {
        List<Integer> out = new ArrayList<>();
        for (int[] f : new int[][] {{1, 9}, {1, 6}, {1, 3}, {1, 2}, {2, 3}, {1, 1}}) {
            int at = budget * f[0] / f[1];
            if (at > 0 && !out.contains(at)) {
                out.add(at);
            }
        }
        return out;
    }

    private static String fraction(int at, int budget) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * at / budget);
    }

    /** The median of values where null (nothing yet) counts as worst; null when the median is such. */
    static Double median(List<Double> values, Direction dir) {
        double worst = dir == Direction.MAXIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        List<Double> v = values.stream().map(x -> x == null ? worst : x).toList();
        double m = medianOf(v);
        return Double.isInfinite(m) || Double.isNaN(m) ? null : m;
    }

    /** The median of epoch counts where null (never) counts as more than any; null when the median is never. */
    static Integer medianEpochs(List<Integer> values) {
        List<Double> v = values.stream().map(x -> x == null ? Double.POSITIVE_INFINITY : (double) x).toList();
        double m = medianOf(v);
        return Double.isInfinite(m) || Double.isNaN(m) ? null : (int) Math.round(m);
    }

    static double medianOf(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(Comparator.naturalOrder());
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String num(Double v) {
        if (v == null) {
            return "-";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString(v.longValue()) : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Cores, JVM and OS, as the results need them. */
    public static String machine() {
        return String.format(Locale.ROOT, "%d cores (nproc), Java %s (%s), %s %s %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
    }

    /** The 1, 5 and 15 minute load averages ({@code uptime}), or the 1-minute one where /proc is missing. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /**
     * Puts {@code section} (whose first line is its {@code ## } heading, {@link #HEADING} or another)
     * into {@code file}: in place of an earlier section of that heading, up to the next {@code ## }
     * heading, or at the end; other sections are kept as they are.
     */
    public static void writeSection(Path file, String section) throws IOException {
        String heading = section.lines().findFirst().orElse(HEADING);
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        String body = section.endsWith("\n") ? section : section + "\n";
        List<String> lines = new ArrayList<>(text.lines().toList());
        int start = lines.indexOf(heading);
        if (start < 0) {
            String sep = text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
            Files.writeString(file, text + sep + body, StandardCharsets.UTF_8);
            return;
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        StringBuilder out = new StringBuilder();
        lines.subList(0, start).forEach(l -> out.append(l).append('\n'));
        out.append(body);
        if (end < lines.size()) {
            out.append('\n');
            lines.subList(end, lines.size()).forEach(l -> out.append(l).append('\n'));
        }
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }
}
