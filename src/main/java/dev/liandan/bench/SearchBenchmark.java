package dev.liandan.bench;

import dev.liandan.core.UserError;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyResult;
import dev.liandan.study.StudyRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Search quality: for each function and sampler, the best value after a number of trials, over
 * several seeds, each study run through {@link StudyRunner} on in-memory storage.
 */
public final class SearchBenchmark {

    /** A sampler as the benchmark names it: a registered sampler with options. */
    public record Variant(String label, String sampler, Map<String, Object> options) {
    }

    public static final List<Variant> VARIANTS = List.of(
            new Variant("random", "random", Map.of()),
            new Variant("sobol", "sobol", Map.of()),
            new Variant("tpe", "tpe", Map.of()),
            new Variant("tpe-mv", "tpe", Map.of("multivariate", true)),
            new Variant("cmaes", "cmaes", Map.of()),
            new Variant("genetic", "genetic", Map.of()),
            new Variant("gp", "gp", Map.of()),
            new Variant("auto", "auto", Map.of()));

    public static Variant variant(String label) {
        return VARIANTS.stream().filter(v -> v.label().equals(label)).findFirst().orElseThrow(() -> new UserError(
                "unknown bench sampler '" + label + "': expected one of "
                        + String.join(", ", VARIANTS.stream().map(Variant::label).toList())));
    }

    /** The best values of one function and sampler, one per seed (seeds 0, 1, ...). */
    public record Cell(BenchFunction function, Variant variant, double[] bests) {
        public double median() {
            double[] s = bests.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }

    private SearchBenchmark() {
    }

    /** One study of {@code trials} trials; returns the best value the study ranks first. */
    public static double run(BenchFunction f, Variant v, long seed, int trials) {
        Path dir = BenchStudies.tempDir("liandan-bench-");
        try (InMemoryStorage storage = new InMemoryStorage()) {
            String name = f.name() + "-" + v.label() + "-" + seed;
            StudyResult result = new StudyRunner(storage, BenchStudies.backend(f), dir, new StudyListener() {
            }).run(BenchStudies.spec(name, f, v.sampler(), v.options(), seed, trials), trials);
            return result.best().value();
        } finally {
            BenchStudies.delete(dir);
        }
    }

    /** Every function × sampler × seed, spread over {@code threads} threads. */
    public static List<Cell> run(List<BenchFunction> functions, List<Variant> variants, int seeds, int trials,
                                 int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Cell> cells = new ArrayList<>();
            List<List<Future<Double>>> futures = new ArrayList<>();
            for (BenchFunction f : functions) {
                for (Variant v : variants) {
                    List<Future<Double>> row = new ArrayList<>();
                    for (int s = 0; s < seeds; s++) {
                        long seed = s;
                        row.add(pool.submit(() -> run(f, v, seed, trials)));
                    }
                    futures.add(row);
                }
            }
            int k = 0;
            for (BenchFunction f : functions) {
                for (Variant v : variants) {
                    List<Future<Double>> row = futures.get(k++);
                    double[] bests = new double[row.size()];
                    for (int s = 0; s < bests.length; s++) {
                        bests[s] = get(row.get(s));
                    }
                    cells.add(new Cell(f, v, bests));
                }
            }
            return cells;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double get(Future<Double> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * A markdown table: one row per function, one column per sampler with liandan's median, then
     * Optuna 3.1.0's figure for the same sampler where the issue quotes one, and the verdicts.
     */
    public static String markdown(List<Cell> cells, int seeds, int trials) {
        List<Variant> variants = cells.stream().map(Cell::variant).distinct().toList();
        List<BenchFunction> functions = cells.stream().map(Cell::function).distinct().toList();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Median over %d seeds of the best value after %d trials "
                + "(liandan / Optuna 3.1.0 where quoted; lower is better).%n%n", seeds, trials));
        out.append("| function (minimum) |");
        variants.forEach(v -> out.append(' ').append(v.label()).append(" |"));
        out.append(" best liandan | best Optuna | goal met |\n|---|");
        variants.forEach(v -> out.append("---|"));
        out.append("---|---|---|\n");
        for (BenchFunction f : functions) {
            out.append("| ").append(f.name()).append(" (").append(fmt(f.minimum())).append(") |");
            double best = Double.POSITIVE_INFINITY;
            String bestLabel = "";
            for (Variant v : variants) {
                Cell c = cells.stream().filter(x -> x.function() == f && x.variant() == v).findFirst().orElseThrow();
                double m = c.median();
                if (m < best) {
                    best = m;
                    bestLabel = v.label();
                }
                Double optuna = f.optuna().get(v.label());
                out.append(' ').append(fmt(m)).append(optuna == null ? "" : " / " + fmt(optuna)).append(" |");
            }
            double optunaBest = f.optuna().values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            String optunaLabel = f.optuna().entrySet().stream().filter(e -> e.getValue() == optunaBest)
                    .map(Map.Entry::getKey).findFirst().orElse("");
            out.append(' ').append(fmt(best)).append(" (").append(bestLabel).append(") | ")
                    .append(fmt(optunaBest)).append(" (").append(optunaLabel).append(") | ")
                    .append(best <= optunaBest ? "yes" : "no").append(" |\n");
        }
        return out.toString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 1 ? "%.3f" : "%.4f", v);
    }
}
