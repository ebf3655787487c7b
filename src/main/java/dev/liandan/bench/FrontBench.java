package dev.liandan.bench;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.sampler.Hypervolume;
import dev.liandan.space.Objective;
import dev.liandan.space.SamplerOptions;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.study.ParetoRanking;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.Trial;
import dev.liandan.study.TrialBackend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code liandan bench front}: a space file of several objectives searched by several samplers,
 * seed for seed, with the same number of trials each; each search's quality is the hypervolume of
 * its Pareto front (Zitzler and Thiele 1998's S metric) up to one reference point shared by every
 * search. Real trials: the space's backend through the real {@link StudyRunner}, one trial after
 * another in this process, with in-memory storage (the storage is not what is measured).
 */
public final class FrontBench {

    /** A sampler as {@code --samplers} names it: {@code NAME} or {@code NAME:option=value:...}. */
    public record Method(String label, String sampler, Map<String, Object> options) {
    }

    public record Config(StudySpec spec, List<Method> methods, List<Long> seeds, int trials) {
    }

    /** One search: its ranked COMPLETE trials (front 1 is its Pareto front), trial counts and wall time. */
    public record Run(Method method, long seed, List<ParetoRanking.Ranked> ranked, int trials, int failed,
                      double seconds) {
        /** The Pareto front's trials, best first by the first objective. */
        public List<ParetoRanking.Ranked> front() {
            return ranked.stream().filter(ParetoRanking.Ranked::pareto).toList();
        }
    }

    private FrontBench() {
    }

    /**
     * The method of a {@code --samplers} item: a registered sampler's name, then optionally its
     * options as {@code :key=value} (true/false, a whole number, a number, or a word), e.g.
     * {@code nsga2:population=8}. The label is the item as written.
     */
    public static Method method(String text) {
        String[] parts = text.trim().split(":");
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0 || eq == parts[i].length() - 1) {
                throw new UserError("--samplers: '" + text + "': expected NAME or NAME:option=value:..., e.g. nsga2:population=8");
            }
            options.put(parts[i].substring(0, eq), value(parts[i].substring(eq + 1)));
        }
        return new Method(text.trim(), parts[0], options);
    }

    private static Object value(String s) {
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            // not a whole number
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /**
     * The study one method runs for one seed: its sampler, options, seed and trials. A method that
     * names the space file's own sampler and no options keeps the file's {@code search.options}.
     */
    public static StudySpec specOf(Config config, Method method, long seed) {
        SearchSpec s = config.spec().search();
        SamplerOptions options = method.options().isEmpty() && method.sampler().equals(s.sampler()) ? s.options()
                : SamplerOptions.of(method.options());
        return config.spec().withSearch(new SearchSpec(method.sampler(), config.trials(), seed, null, options));
    }

    /** Runs every method for every seed (seed by seed, so a cut-short run stays balanced). */
    public static List<Run> run(Config config, TrialBackend backend, Consumer<Run> done) {
        return BenchStudies.seedBySeed(config.seeds(), config.methods(), (m, seed) -> runOne(config, m, seed, backend), done);
    }

    static Run runOne(Config config, Method method, long seed, TrialBackend backend) {
        StudySpec spec = specOf(config, method, seed);
        Path dir = BenchStudies.tempDir("liandan-bench-front-");
        long start = System.nanoTime();
        try (InMemoryStorage storage = new InMemoryStorage()) {
            new StudyRunner(storage, backend, dir, new StudyListener() {
            }).run(spec, config.trials());
            List<Trial> trials = storage.trials(spec.name());
            double seconds = (System.nanoTime() - start) / 1e9;
            int failed = (int) trials.stream().filter(t -> t.state() == TrialState.FAILED).count();
            return new Run(method, seed, ParetoRanking.ranked(trials, spec.objectives(), spec.constraints()),
                    trials.size(), failed, seconds);
        } finally {
            BenchStudies.delete(dir);
        }
    }

    /**
     * The reference point of every search: each objective's worst value over the feasible trials of
     * all the searches, a tenth of its range further out (1 when the range is 0), as the report's
     * Pareto section draws it; so every trial of every search, however poor, is inside the box and
     * an extreme front point still counts. The range is taken on the measured scale ({@code log}:
     * log10 of the objective), the point returned in the objectives' own units.
     */
    public static double[] reference(List<Objective> objectives, List<Run> runs, boolean[] log) {
        double[] ref = new double[objectives.size()];
        for (int k = 0; k < ref.length; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Run r : runs) {
                for (ParetoRanking.Ranked t : r.ranked()) {
                    if (t.feasible()) {
                        double v = scaled(t.values().get(k), log[k]);
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (lo > hi) {
                lo = hi = 0;
            }
            double pad = hi > lo ? (hi - lo) / 10 : 1;
            double x = objectives.get(k).direction() == Direction.MAXIMIZE ? lo - pad : hi + pad;
            ref[k] = log[k] ? Math.pow(10, x) : x;
        }
        return ref;
    }

    public static double[] reference(List<Objective> objectives, List<Run> runs) {
        return reference(objectives, runs, new boolean[objectives.size()]);
    }

    /**
     * Every search's trials as JSON, so that a hypervolume up to another reference point can be
     * computed again without training: per search its sampler, seed, counts, wall seconds and, per
     * ranked trial, its number, front (1: the Pareto front; 0: infeasible), objective values and
     * parameters.
     */
    public static void writeJson(Path file, Config c, List<Run> runs) throws java.io.IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = mapper.createObjectNode();
        root.put("space", c.spec().source().toString());
        root.put("trials", c.trials());
        var obj = root.putArray("objectives");
        c.spec().objectives().forEach(o -> obj.addObject().put("metric", o.metric())
                .put("direction", o.direction().name().toLowerCase(java.util.Locale.ROOT)));
        var arr = root.putArray("runs");
        for (Run r : runs) {
            var node = arr.addObject();
            node.put("sampler", r.method().label()).put("seed", r.seed()).put("trials", r.trials())
                    .put("failed", r.failed()).put("seconds", r.seconds());
            var ts = node.putArray("ranked");
            for (ParetoRanking.Ranked t : r.ranked()) {
                var tn = ts.addObject();
                tn.put("trial", t.trial().number()).put("front", t.front());
                var vs = tn.putArray("values");
                t.values().forEach(vs::add);
                tn.set("params", mapper.valueToTree(t.trial().params()));
            }
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /** Each objective's best value over the feasible trials of all the searches (the ideal point). */
    public static double[] ideal(List<Objective> objectives, List<Run> runs) {
        double[] ideal = new double[objectives.size()];
        for (int k = 0; k < ideal.length; k++) {
            boolean max = objectives.get(k).direction() == Direction.MAXIMIZE;
            double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (Run r : runs) {
                for (ParetoRanking.Ranked t : r.ranked()) {
                    if (t.feasible()) {
                        double v = t.values().get(k);
                        best = max ? Math.max(best, v) : Math.min(best, v);
                    }
                }
            }
            ideal[k] = best;
        }
        return ideal;
    }

    /**
     * The hypervolume of the run's Pareto front up to {@code reference} (in the objectives' own
     * units and directions), measured on log10 of the objectives {@code log} marks: maximised
     * objectives are negated so that every one is minimised.
     */
    public static double hypervolume(Run run, List<Objective> objectives, double[] reference, boolean[] log) {
        List<double[]> points = new ArrayList<>();
        for (ParetoRanking.Ranked t : run.front()) {
            points.add(minimised(t.values(), objectives, log));
        }
        return Hypervolume.of(points, minimised(box(reference), objectives, log));
    }

    public static double hypervolume(Run run, List<Objective> objectives, double[] reference) {
        return hypervolume(run, objectives, reference, new boolean[objectives.size()]);
    }

    /** The volume of the box between the ideal point and the reference, on the measured scale: the hypervolume's upper bound. */
    public static double boxVolume(double[] ideal, double[] reference, boolean[] log) {
        double v = 1;
        for (int k = 0; k < ideal.length; k++) {
            v *= Math.abs(scaled(reference[k], log[k]) - scaled(ideal[k], log[k]));
        }
        return v;
    }

    public static double boxVolume(double[] ideal, double[] reference) {
        return boxVolume(ideal, reference, new boolean[ideal.length]);
    }

    /** An objective's value on the scale the hypervolume measures: itself, or its log10. */
    static double scaled(double v, boolean log) {
        if (log && !(v > 0)) {
            throw new UserError("--log: a value of " + v + " has no logarithm; measure that objective as it is");
        }
        return log ? Math.log10(v) : v;
    }

    private static List<Double> box(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static double[] minimised(List<Double> values, List<Objective> objectives, boolean[] log) {
        double[] out = new double[values.size()];
        for (int k = 0; k < out.length; k++) {
            double v = scaled(values.get(k), log[k]);
            out[k] = objectives.get(k).direction() == Direction.MAXIMIZE ? -v : v;
        }
        return out;
    }
}
