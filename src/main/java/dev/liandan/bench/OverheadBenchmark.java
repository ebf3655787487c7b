package dev.liandan.bench;

import dev.liandan.storage.InMemoryStorage;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;

import dev.liandan.api.Distribution;
import dev.liandan.api.Study;
import dev.liandan.space.FixedParam;
import dev.liandan.space.Param;
import dev.liandan.space.SearchableParam;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The engine's own cost per trial: a study of the mixed surface (whose evaluation takes
 * microseconds) run through {@link StudyRunner}, so each trial's wall time is the ask (the
 * sampler over the whole history), the storage writes and reads, and the loop's bookkeeping.
 * Timestamps are taken when each trial is recorded finished. {@link #runApi} runs the same study
 * through the Java API, so that the library's cost per trial stands beside the worker's.
 */
public final class OverheadBenchmark {
    /** Where the curve is read: the cost of the trials just before these counts. */
    public static final int[] MARKS = {100, 250, 500, 1000};
    private static final int WINDOW = 20;

    public enum Store { MEMORY, SQLITE }

    /**
     * @param perTrialMs the wall time of each trial, from the previous trial's end to its own
     * @param cpuMs      the worker thread's CPU time per trial, averaged over the study (a loaded machine
     *                   stretches wall time, not this)
     * @param perTrialCpuMs the worker thread's CPU time of each trial: the curve that load hardly bends
     */
    public record Run(Store store, String sampler, double[] perTrialMs, double cpuMs, double[] perTrialCpuMs) {
        public double meanMs() {
            return Arrays.stream(perTrialMs).sum() / perTrialMs.length;
        }

        /** Median cost of the {@value #WINDOW} trials up to trial {@code count} (1-based). */
        public double atMs(int count) {
            return medianUpTo(perTrialMs, count);
        }

        /** Median CPU time of the {@value #WINDOW} trials up to trial {@code count} (1-based). */
        public double cpuAtMs(int count) {
            return medianUpTo(perTrialCpuMs, count);
        }

        private static double medianUpTo(double[] values, int count) {
            int end = Math.min(count, values.length);
            double[] w = Arrays.copyOfRange(values, Math.max(0, end - WINDOW), end);
            Arrays.sort(w);
            return w.length == 0 ? Double.NaN : (w[(w.length - 1) / 2] + w[w.length / 2]) / 2;
        }
    }

    private OverheadBenchmark() {
    }

    public static Run run(Store store, SearchBenchmark.Variant variant, int trials, long seed) {
        BenchFunction f = BenchFunctions.mixed();
        Path dir = BenchStudies.tempDir("liandan-overhead-");
        long[] ends = new long[trials + 1];
        long[] cpuEnds = new long[trials + 1];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        int[] count = {0};
        try (StudyStorage storage = store == Store.MEMORY ? new InMemoryStorage()
                : JdbcStorage.sqlite(dir.resolve("study.db"))) {
            StudyListener clock = new StudyListener() {
                @Override
                public void studyStarted(String study, int budget, int finished, Double best) {
                    ends[0] = System.nanoTime();
                    cpuEnds[0] = threads.getCurrentThreadCpuTime();
                }

                @Override
                public void trialFinished(Trial trial, int finished, Double best) {
                    if (count[0] < trials) {
                        ends[++count[0]] = System.nanoTime();
                        cpuEnds[count[0]] = threads.getCurrentThreadCpuTime(); // the worker thread calls listeners
                    }
                }
            };
            new StudyRunner(storage, BenchStudies.backend(f), dir.resolve("study"), clock)
                    .run(BenchStudies.spec("overhead", f, variant.sampler(), variant.options(), seed, trials), trials);
        } finally {
            BenchStudies.delete(dir);
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        double[] ms = new double[count[0]];
        double[] cpuMs = new double[count[0]];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = (ends[i + 1] - ends[i]) / 1e6;
            cpuMs[i] = (cpuEnds[i + 1] - cpuEnds[i]) / 1e6;
        }
        return new Run(store, variant.label(), ms, cpu / Math.max(1, ms.length), cpuMs);
    }

    /**
     * The same study through the Java API ({@link Study#optimize}): a define-by-run objective that
     * suggests each parameter of the space and evaluates the function. Each trial's time runs from
     * the start of its objective to the start of the next one's (the last: to the end of the run).
     */
    public static Run runApi(Store store, SearchBenchmark.Variant variant, int trials, long seed) {
        BenchFunction f = BenchFunctions.mixed();
        Path dir = BenchStudies.tempDir("liandan-overhead-api-");
        long[] starts = new long[trials + 1];
        long[] cpuStarts = new long[trials + 1];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        int[] count = {0};
        String storage = store == Store.MEMORY ? "memory:" : dir.resolve("study.db").toString();
        try (Study study = Study.create("overhead").storage(storage).sampler(variant.sampler(), variant.options())
                .seed(seed).open()) {
            study.optimize(trial -> {
                if (count[0] < trials) {
                    starts[count[0]] = System.nanoTime();
                    cpuStarts[count[0]++] = threads.getCurrentThreadCpuTime(); // the objective runs on this thread
                }
                Map<String, Object> values = new HashMap<>();
                for (Param p : f.space().params()) {
                    values.put(p.name(), p instanceof SearchableParam s ? trial.suggest(s.name(), Distribution.of(s))
                            : ((FixedParam) p).value());
                }
                return f.value(values);
            }, trials);
            starts[count[0]] = System.nanoTime();
            cpuStarts[count[0]] = threads.getCurrentThreadCpuTime();
        } finally {
            BenchStudies.delete(dir);
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        double[] ms = new double[count[0]];
        double[] cpuMs = new double[count[0]];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = (starts[i + 1] - starts[i]) / 1e6;
            cpuMs[i] = (cpuStarts[i + 1] - cpuStarts[i]) / 1e6;
        }
        return new Run(store, variant.label() + API_SUFFIX, ms, cpu / Math.max(1, ms.length), cpuMs);
    }

    /** Marks the sampler label of a run through the Java API. */
    public static final String API_SUFFIX = " via api";

    /**
     * API runs beside worker runs of the same storage and sampler: the ratio of their mean wall
     * time and of their CPU time per trial (the goal: at most 1.2).
     */
    public static String ratios(List<Run> runs) {
        StringBuilder out = new StringBuilder("| storage | sampler | worker ms/trial | api ms/trial | api / worker |"
                + " worker CPU ms/trial | api CPU ms/trial | api / worker (CPU) |\n|---|---|---|---|---|---|---|---|\n");
        for (Run api : runs) {
            if (!api.sampler().endsWith(API_SUFFIX)) {
                continue;
            }
            String sampler = api.sampler().substring(0, api.sampler().length() - API_SUFFIX.length());
            for (Run worker : runs) {
                if (worker.store() == api.store() && worker.sampler().equals(sampler)) {
                    out.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.2f× | %.3f | %.3f | %.2f× |%n",
                            api.store().name().toLowerCase(Locale.ROOT), sampler, worker.meanMs(), api.meanMs(),
                            api.meanMs() / worker.meanMs(), worker.cpuMs(), api.cpuMs(), api.cpuMs() / worker.cpuMs()));
                }
            }
        }
        return out.toString();
    }

    /** A markdown table of runs: mean ms per trial and the curve at {@link #MARKS}. */
    public static String markdown(List<Run> runs) {
        StringBuilder out = new StringBuilder("| storage | sampler | trials | mean ms/trial | CPU ms/trial |");
        for (int m : MARKS) {
            out.append(" ms/trial at ").append(m).append(" |");
        }
        out.append(" at ").append(MARKS[MARKS.length - 1]).append(" / at ").append(MARKS[0]).append(" |\n|---|---|---|---|---|");
        for (int m : MARKS) {
            out.append("---|");
        }
        out.append("---|\n");
        for (Run r : runs) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f |", r.store().name().toLowerCase(Locale.ROOT),
                    r.sampler(), r.perTrialMs().length, r.meanMs(), r.cpuMs()));
            for (int m : MARKS) {
                out.append(String.format(Locale.ROOT, " %.3f |", r.atMs(m)));
            }
            out.append(String.format(Locale.ROOT, " %.1f× |%n", r.atMs(MARKS[MARKS.length - 1]) / r.atMs(MARKS[0])));
        }
        // The same curve in the worker thread's CPU time, which a loaded machine hardly bends.
        out.append("\n| storage | sampler |");
        for (int m : MARKS) {
            out.append(" CPU ms/trial at ").append(m).append(" |");
        }
        out.append(" at ").append(MARKS[MARKS.length - 1]).append(" / at ").append(MARKS[0]).append(" |\n|---|---|");
        for (int m : MARKS) {
            out.append("---|");
        }
        out.append("---|\n");
        for (Run r : runs) {
            out.append(String.format(Locale.ROOT, "| %s | %s |", r.store().name().toLowerCase(Locale.ROOT), r.sampler()));
            for (int m : MARKS) {
                out.append(String.format(Locale.ROOT, " %.3f |", r.cpuAtMs(m)));
            }
            out.append(String.format(Locale.ROOT, " %.1f× |%n", r.cpuAtMs(MARKS[MARKS.length - 1]) / r.cpuAtMs(MARKS[0])));
        }
        return out.toString();
    }
}
