package dev.liandan.bench;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.space.FixedParam;
import dev.liandan.space.Objective;
import dev.liandan.space.Param;
import dev.liandan.space.PrunerSpec;
import dev.liandan.space.SamplerOptions;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.TrialBackend;
import dev.liandan.study.TrialOutcome;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code liandan bench lcbench}: search methods on YAHPO Gym's LCBench surrogate in simulated
 * time. Every method is a sampler and a pruner run through the real worker loop
 * ({@link StudyRunner}) with in-memory storage; each of W workers is a {@code StudyRunner} on a
 * thread of its own, and a {@link SimulatedClock} lets them act in the order of simulated time:
 * an epoch of a configuration costs what the surrogate predicts it costs, and a worker that asks
 * for a configuration sees the trials of the others as they stand at that simulated moment.
 *
 * <p>Measured: the best validation accuracy observed so far (any trial, any epoch, as Syne Tune's
 * benchmarks count it) against simulated time, turned into a normalised regret with the task's
 * {@link Reference}: 0 is the best the dense search found, 1 the median random configuration at
 * full fidelity. Time is counted in full-training equivalents: one is the median time of 52 epochs
 * of a random configuration on that task, and with W workers B equivalents are B / W of that in
 * simulated wall time (the same compute for every W).
 */
public final class LcbenchBench {
    /** The budgets (full-training equivalents) at which regret is reported. */
    public static final List<Integer> BUDGETS = List.of(10, 30, 100);
    static final String METRIC = "val_accuracy";
    /** The development tasks: defaults are tuned on these only; the other 24 are held out. */
    public static final List<String> DEV_TASKS = List.of("3945", "7593", "34539", "126025", "126026", "126029",
            "146212", "167104", "167149", "167152");
    /** Random configurations of a task's dense search, and rounds of local refinement after them. */
    static final int DENSE_RANDOM = 4000;
    static final int DENSE_ROUNDS = 4;
    static final int DENSE_LOCAL = 200;

    /**
     * One search method: a sampler with its options and a pruner, each by the name a space file uses.
     */
    public record Method(String label, String sampler, Map<String, Object> samplerOptions, PrunerSpec pruner) {
        public static Method of(String label, String sampler, PrunerSpec pruner) {
            return new Method(label, sampler, Map.of(), pruner);
        }
    }

    /**
     * A task's yardsticks, from a dense search of the surrogate (see {@link #reference}).
     *
     * @param best        the best validation accuracy found, at any epoch (regret 0)
     * @param median      the median validation accuracy of random configurations after 52 epochs (regret 1)
     * @param fullTime    the median time of 52 epochs of a random configuration: one full-training equivalent
     */
    public record Reference(String task, double best, double median, double fullTime) {
        public double regret(double accuracy) {
            return (best - accuracy) / (best - median);
        }
    }

    /** The best accuracy so far rose to {@code best} at simulated wall time {@code time} (seconds). */
    public record Point(double time, double best) {
    }

    /** One search of one task: the incumbent's rises, trials and epochs run, wall seconds it took here. */
    public record Run(Method method, String task, long seed, int workers, Reference reference, List<Point> curve,
                      int trials, int pruned, long epochs, double seconds) {

        /** Normalised regret after {@code budget} full-training equivalents (1 before anything is observed). */
        public double regretAt(double budget) {
            double until = budget * reference.fullTime() / workers;
            double best = Double.NaN;
            for (Point p : curve) {
                if (p.time() <= until) {
                    best = p.best();
                }
            }
            return Double.isNaN(best) ? 1.0 : reference.regret(best);
        }

        /** The first budget (full-training equivalents) at which regret is at most {@code target}, or +inf. */
        public double budgetToReach(double target) {
            for (Point p : curve) {
                if (reference.regret(p.best()) <= target) {
                    return p.time() * workers / reference.fullTime();
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    private LcbenchBench() {
    }

    /** LCBench's space with {@code epochs} fixed at 52, so pruners know where a trial ends. */
    public static Space space() {
        List<Param> params = new ArrayList<>(LcbenchConfig.space().params());
        params.add(new FixedParam("epochs", (long) LcbenchSurrogate.EPOCHS, java.util.Optional.empty(), null));
        return new Space(params);
    }

    /**
     * The task's yardsticks by a dense search of the surrogate: {@value #DENSE_RANDOM} random
     * configurations (seeded by the task), every epoch of each evaluated, then {@value #DENSE_ROUNDS}
     * rounds of {@value #DENSE_LOCAL} Gaussian perturbations (sigma 0.05 on each parameter's unit
     * interval, halved each round) around the 10 best so far. The best is the highest accuracy at
     * any epoch of any configuration evaluated.
     */
    public static Reference reference(LcbenchSurrogate surrogate, String task) {
        List<SearchableParam> params = LcbenchConfig.space().searchable();
        SplittableRandom rng = new SplittableRandom(Long.parseLong(task) * 0x9E3779B97F4A7C15L);
        double[][] units = new double[DENSE_RANDOM][params.size()];
        for (double[] u : units) {
            for (int d = 0; d < u.length; d++) {
                u[d] = rng.nextDouble();
            }
        }
        double[] bestOf = new double[DENSE_RANDOM];
        double[] finals = new double[DENSE_RANDOM];
        double[] times = new double[DENSE_RANDOM];
        evaluate(surrogate, task, params, units, bestOf, finals, times);
        double median = median(finals);
        double fullTime = median(times);
        List<double[]> pool = new ArrayList<>(Arrays.asList(units));
        List<Double> scores = new ArrayList<>();
        for (double b : bestOf) {
            scores.add(b);
        }
        double sigma = 0.05;
        for (int round = 0; round < DENSE_ROUNDS; round++, sigma /= 2) {
            Integer[] order = new Integer[pool.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(scores.get(b), scores.get(a)));
            double[][] local = new double[DENSE_LOCAL][];
            for (int i = 0; i < DENSE_LOCAL; i++) {
                double[] centre = pool.get(order[i % 10]);
                local[i] = new double[centre.length];
                for (int d = 0; d < centre.length; d++) {
                    local[i][d] = Math.min(1, Math.max(0, centre[d] + sigma * rng.nextGaussian()));
                }
            }
            double[] b = new double[DENSE_LOCAL];
            evaluate(surrogate, task, params, local, b, new double[DENSE_LOCAL], new double[DENSE_LOCAL]);
            for (int i = 0; i < DENSE_LOCAL; i++) {
                pool.add(local[i]);
                scores.add(b[i]);
            }
        }
        double best = scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return new Reference(task, best, median, fullTime);
    }

    /**
     * The references of {@code tasks}: read from {@code file} where it has them, the others computed
     * by {@link #reference} and, when {@code file} is given, written back to it with the rest (the
     * Optuna side reads the same file, so both measure regret against the same yardsticks).
     */
    public static Map<String, Reference> references(LcbenchSurrogate surrogate, List<String> tasks, Path file) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, Reference> all = new java.util.TreeMap<>();
        try {
            if (file != null && java.nio.file.Files.isRegularFile(file)) {
                json.readTree(file.toFile()).get("references").fields().forEachRemaining(e -> all.put(e.getKey(),
                        new Reference(e.getKey(), e.getValue().get("best").asDouble(), e.getValue().get("median").asDouble(),
                                e.getValue().get("fullTime").asDouble())));
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new UserError("cannot read the LCBench references in " + file + ": " + e.getMessage());
        }
        boolean added = false;
        for (String t : tasks) {
            if (!all.containsKey(t)) {
                all.put(t, reference(surrogate, t));
                added = true;
            }
        }
        if (file != null && added) {
            var root = json.createObjectNode();
            root.put("about", "per task: best validation accuracy of a dense search of the surrogate (regret 0), median"
                    + " of random configurations after 52 epochs (regret 1), median 52-epoch time in seconds; written by"
                    + " liandan bench lcbench --references");
            var refs = root.putObject("references");
            all.forEach((k, r) -> refs.putObject(k).put("best", r.best()).put("median", r.median())
                    .put("fullTime", r.fullTime()));
            try {
                json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
            } catch (java.io.IOException e) {
                throw new UserError("cannot write " + file + ": " + e.getMessage());
            }
        }
        Map<String, Reference> chosen = new java.util.LinkedHashMap<>();
        tasks.forEach(t -> chosen.put(t, all.get(t)));
        return chosen;
    }

    /** Evaluates configurations (unit vectors) at every epoch, 50 configurations per call. */
    private static void evaluate(LcbenchSurrogate s, String task, List<SearchableParam> params, double[][] units,
                                 double[] bestOf, double[] finals, double[] times) {
        int chunk = 50;
        int epochs = LcbenchSurrogate.EPOCHS;
        for (int start = 0; start < units.length; start += chunk) {
            int n = Math.min(chunk, units.length - start);
            String[] tasks = new String[n * epochs];
            double[][] rows = new double[n * epochs][];
            for (int i = 0; i < n; i++) {
                double[] u = units[start + i];
                Map<String, Object> values = new java.util.HashMap<>();
                for (int d = 0; d < params.size(); d++) {
                    values.put(params.get(d).name(), params.get(d).fromUnit(u[d]));
                }
                LcbenchConfig c = LcbenchConfig.of(values);
                for (int e = 1; e <= epochs; e++) {
                    tasks[i * epochs + e - 1] = task;
                    rows[i * epochs + e - 1] = c.inputs(e);
                }
            }
            float[][] out = s.evaluate(tasks, rows);
            for (int i = 0; i < n; i++) {
                LcbenchCurve curve = LcbenchCurve.of(Arrays.copyOfRange(out, i * epochs, (i + 1) * epochs));
                double b = Double.NEGATIVE_INFINITY;
                for (double a : curve.valAccuracy()) {
                    b = Math.max(b, a);
                }
                bestOf[start + i] = b;
                finals[start + i] = curve.accuracy(epochs);
                times[start + i] = curve.fullCost();
            }
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Thrown by a worker's backend once simulated time has run out: the runner stops, the worker leaves. */
    static final class SimulationOver extends UserError {
        SimulationOver() {
            super("the simulated time budget has run out");
        }
    }

    /**
     * One search: W workers on {@code reference}'s task until {@code maxBudget} full-training
     * equivalents of simulated time have passed.
     */
    public static Run run(LcbenchSurrogate surrogate, Reference reference, Method method, long seed, int workers,
                          double maxBudget) {
        String task = reference.task();
        double limit = maxBudget * reference.fullTime() / workers;
        String text = "# liandan bench lcbench: task " + task + ", " + method + ", seed " + seed + "\n";
        StudySpec spec = new StudySpec("lcbench-" + task, Path.of("bench", "lcbench"), text, null, space(),
                new Objective(METRIC, Direction.MAXIMIZE),
                new SearchSpec(method.sampler(), Integer.MAX_VALUE, seed, null, SamplerOptions.of(method.samplerOptions())),
                method.pruner());
        SimulatedClock clock = new SimulatedClock(workers);
        List<Point> curve = new ArrayList<>();
        long[] epochs = {0};
        int[] trials = {0, 0};
        Path dir = BenchStudies.tempDir("liandan-bench-lcbench");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (InMemoryStorage storage = new InMemoryStorage()) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                TrialBackend backend = request -> {
                    // only the worker whose turn it is runs: the shared counters need no lock
                    double now = clock.now(worker);
                    if (now >= limit) {
                        throw new SimulationOver();
                    }
                    trials[0]++;
                    LcbenchCurve c = surrogate.curve(task, LcbenchConfig.of(request.params()));
                    double bestOfTrial = Double.NEGATIVE_INFINITY;
                    for (int e = 1; e <= c.epochs(); e++) {
                        now += c.epochCost(e);
                        clock.awaitTurn(worker, now);
                        if (now > limit) {
                            throw new SimulationOver();
                        }
                        epochs[0]++;
                        double acc = c.accuracy(e);
                        bestOfTrial = Math.max(bestOfTrial, acc);
                        if (curve.isEmpty() || acc > curve.get(curve.size() - 1).best()) {
                            curve.add(new Point(now, acc));
                        }
                        if (!request.listener().epochEnded(e, Map.of(METRIC, acc))) {
                            trials[1]++;
                            return new TrialOutcome(TrialState.PRUNED, bestOfTrial, Map.of(), e, null);
                        }
                    }
                    return new TrialOutcome(TrialState.COMPLETE, bestOfTrial, Map.of(), c.epochs(), null);
                };
                StudyRunner runner = new StudyRunner(storage, backend, dir, new StudyListener() {
                }).withWorker("simulated-" + w).withLog(line -> {
                });
                Thread t = new Thread(() -> {
                    try {
                        clock.awaitTurn(worker, 0);
                        runner.run(spec, Integer.MAX_VALUE);
                    } catch (SimulationOver over) {
                        // this worker's time is up
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        clock.leave(worker);
                    }
                }, "lcbench-worker-" + w);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            BenchStudies.delete(dir);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("bench lcbench: " + method.label() + " on task " + task + " failed: "
                    + failure.get(), failure.get());
        }
        return new Run(method, task, seed, workers, reference, List.copyOf(curve), trials[0], trials[1], epochs[0],
                (System.nanoTime() - start) / 1e9);
    }
}
