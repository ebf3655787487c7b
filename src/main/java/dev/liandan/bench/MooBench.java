package dev.liandan.bench;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.sampler.Hypervolume;
import dev.liandan.space.Objective;
import dev.liandan.space.SamplerOptions;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.Trial;
import dev.liandan.study.TrialBackend;
import dev.liandan.study.TrialOutcome;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code liandan bench moo}: multi-objective search quality, the hypervolume of the feasible
 * trials after a number of trials on {@link MooProblems}, each study run through the real worker
 * loop ({@link StudyRunner}) with in-memory storage and a backend that evaluates the problem: the
 * first objective is the trial's value, the others and the constraint metrics its metrics, so the
 * study's own objective vectors and feasibility are what the samplers see.
 */
public final class MooBench {

    /**
     * A liandan method: a label, a registered sampler and its options. {@code motpe} is {@code tpe}
     * on several objectives, {@code motpe-mv} the same with {@code multivariate: true}.
     */
    public record Method(String label, String sampler, Map<String, Object> options) {
    }

    public static final List<Method> METHODS = List.of(
            new Method("random", "random", Map.of()),
            new Method("nsga2", "nsga2", Map.of()),
            new Method("motpe", "tpe", Map.of()),
            new Method("motpe-mv", "tpe", Map.of("multivariate", true)));

    /**
     * One search: the objective vectors of its feasible COMPLETE trials, and the wall and CPU seconds
     * it took (CPU of the thread that ran it).
     */
    public record Run(String problem, String method, long seed, List<double[]> points, double seconds, double cpuSeconds) {
        public double hypervolume(MooProblem p) {
            return Hypervolume.of(points, p.reference());
        }
    }

    private MooBench() {
    }

    public static Method method(String label) {
        return METHODS.stream().filter(m -> m.label().equals(label)).findFirst().orElseThrow(() ->
                new dev.liandan.core.UserError("--methods: unknown method '" + label + "': expected "
                        + String.join(", ", METHODS.stream().map(Method::label).toList())));
    }

    public static Run run(MooProblem problem, Method method, long seed, int trials) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        Path dir = BenchStudies.tempDir("liandan-bench-moo-");
        try (InMemoryStorage storage = new InMemoryStorage()) {
            StudySpec spec = spec(problem, method, seed, trials);
            new StudyRunner(storage, backend(problem), dir, new StudyListener() {
            }).run(spec, trials);
            List<double[]> points = new ArrayList<>();
            for (Trial t : storage.trials(spec.name())) {
                if (t.state() == TrialState.COMPLETE) {
                    double[] x = problem.x(t.params());
                    if (problem.feasible(x)) {
                        points.add(problem.objectives().apply(x));
                    }
                }
            }
            return new Run(problem.name(), method.label(), seed, points, (System.nanoTime() - wall0) / 1e9,
                    (threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
        } finally {
            BenchStudies.delete(dir);
        }
    }

    static StudySpec spec(MooProblem problem, Method method, long seed, int trials) {
        List<Objective> objectives = new ArrayList<>();
        for (int k = 0; k < problem.objectiveCount(); k++) {
            objectives.add(new Objective("f" + (k + 1), Direction.MINIMIZE));
        }
        String name = problem.name() + "-" + method.label() + "-" + seed;
        String text = "# liandan bench moo: " + problem.name() + " with " + method.label() + "\nseed: " + seed + "\n";
        return new StudySpec(name, Path.of("bench", problem.name()), text, null, problem.space(), objectives.get(0),
                new SearchSpec(method.sampler(), trials, seed, null, SamplerOptions.of(method.options())), null, null,
                null, objectives, problem.constraints());
    }

    /** Evaluates the problem: the first objective is the value, the others and the constraints' metrics are metrics. */
    static TrialBackend backend(MooProblem problem) {
        return request -> {
            double[] x = problem.x(request.params());
            double[] f = problem.objectives().apply(x);
            Map<String, Double> metrics = new HashMap<>(problem.metrics().apply(x));
            for (int k = 1; k < f.length; k++) {
                metrics.put("f" + (k + 1), f[k]);
            }
            return new TrialOutcome(TrialState.COMPLETE, f[0], metrics, 0, null);
        };
    }
}
