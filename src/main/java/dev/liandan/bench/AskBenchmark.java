package dev.liandan.bench;

import dev.liandan.core.Observation;
import dev.liandan.sampler.RandomSampler;
import dev.liandan.sampler.SampleRequest;
import dev.liandan.sampler.Sampler;
import dev.liandan.sampler.Samplers;
import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of one sampler ask on its own, without storage or the worker loop: a history of
 * {@code trials} random trials of a bench function (seeded, so every run times the same history),
 * then {@code asks} asks against it, timed by the thread's CPU clock (less disturbed by other
 * processes than the wall clock) over several rounds, the first rounds being the JIT's warm-up.
 */
public final class AskBenchmark {

    /** One sampler's figures: CPU and wall milliseconds per ask, the median over the timed rounds. */
    public record Row(String sampler, int trials, double cpuMs, double wallMs) {
    }

    private AskBenchmark() {
    }

    public static Row run(BenchFunction f, SearchBenchmark.Variant v, int trials, int asks, int rounds) {
        Sampler sampler = Samplers.byName(v.sampler(), null).configure(v.options());
        List<Observation> history = new ArrayList<>();
        Sampler random = new RandomSampler();
        for (int i = 0; i < trials; i++) {
            Map<String, Object> p = random.sample(new SampleRequest(f.space(), List.of(), Direction.MINIMIZE, 1, i))
                    .orElseThrow();
            history.add(new Observation(i, p, TrialState.COMPLETE, f.value(p), List.of()));
        }
        List<Observation> fixed = List.copyOf(history);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int warmup = Math.max(1, rounds / 3);
        double[] cpu = new double[rounds];
        double[] wall = new double[rounds];
        for (int r = 0; r < warmup + rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int k = 0; k < asks; k++) {
                sampler.sample(new SampleRequest(f.space(), fixed, Direction.MINIMIZE, 1, trials + k)).orElseThrow();
            }
            if (r >= warmup) {
                cpu[r - warmup] = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / asks;
                wall[r - warmup] = (System.nanoTime() - w0) / 1e6 / asks;
            }
        }
        return new Row(v.label(), trials, median(cpu), median(wall));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public static String markdown(BenchFunction f, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("One ask on a history of random trials of the ").append(f.name())
                .append(" function (median over the timed rounds).\n\n");
        out.append("| sampler | history (trials) | CPU ms/ask | wall ms/ask |\n|---|---|---|---|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", r.sampler(), r.trials(), r.cpuMs(),
                    r.wallMs()));
        }
        return out.toString();
    }
}
