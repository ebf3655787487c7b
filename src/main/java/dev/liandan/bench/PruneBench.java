package dev.liandan.bench;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import dev.liandan.space.FixedParam;
import dev.liandan.space.Param;
import dev.liandan.space.PrunerSpec;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.Space;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.pruner.Pruners;
import dev.liandan.sampler.Samplers;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.Trial;
import dev.liandan.study.TrialBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code liandan bench prune}: the same sampler, seed for seed, with and without a pruner, each
 * given the same budget of training epochs; records the best objective reached against the
 * epochs spent. Real trials: the study's backend through the real {@link StudyRunner}, with
 * in-memory storage (the storage is not what is measured).
 *
 * <p>The budget is {@code fullTrials * epochs}: what the unpruned search spends on
 * {@code fullTrials} trials. A pruned search runs trials until it has spent the budget; a trial
 * that would end beyond it still runs, but only trials finished within the budget count.
 */
public final class PruneBench {

    /**
     * One way to search: a label, a sampler (null: the space file's own; the space file's own, by
     * name or null, comes with its {@code search.options}) and a
     * pruner (none for the baseline).
     */
    public record Method(String label, String sampler, PrunerSpec pruner) {
        /** The space file's sampler with this pruner. */
        public Method(String label, PrunerSpec pruner) {
            this(label, null, pruner);
        }
    }

    /** Pruners that stop on successive-halving rungs: given rungs from epoch 1 and a reduction factor of 3. */
    private static final List<String> HALVING = List.of("asha", "hyperband", "pasha", "pareto_asha");

    /**
     * @param epochs     epochs of a trial that is not stopped (replaces the space's {@code epochs})
     * @param fullTrials trials the baseline runs; the budget is {@code fullTrials * epochs}
     */
    public record Config(StudySpec spec, int epochs, int fullTrials, List<Long> seeds, List<Method> methods) {
        public int budget() {
            return fullTrials * epochs;
        }
    }

    /** After a trial finished: the epochs spent so far and the best objective so far (null if none). */
    public record Point(int epochsSpent, Double best) {
    }

    /** One search: its curve, trial counts and wall time. */
    public record Run(Method method, long seed, List<Point> curve, int trials, int pruned, int failed, double seconds) {

        /** The best value among trials finished within {@code budget} epochs, or null. */
        public Double bestWithin(int budget) {
            Double best = null;
            for (Point p : curve) {
                if (p.epochsSpent() <= budget && p.best() != null) {
                    best = p.best();
                }
            }
            return best;
        }

        /** The epochs spent when the best first reached {@code target} (in the direction), or null if never. */
        public Integer epochsToReach(double target, Direction direction, int budget) {
            for (Point p : curve) {
                if (p.epochsSpent() <= budget && p.best() != null
                        && (p.best() == target || direction.better(p.best(), target))) {
                    return p.epochsSpent();
                }
            }
            return null;
        }

        public int epochsSpent() {
            return curve.isEmpty() ? 0 : curve.get(curve.size() - 1).epochsSpent();
        }
    }

    private PruneBench() {
    }

    /** The three searches of the benchmark: random search alone, with ASHA and with Hyperband. */
    public static List<Method> defaultMethods() {
        return List.of(new Method("random (no pruning)", PrunerSpec.none(null)),
                new Method("random + ASHA (r=1, eta=3)", PrunerSpec.of("asha", "min_resource", 1L, "reduction_factor", 3L)),
                new Method("random + Hyperband (r=1, eta=3)", PrunerSpec.of("hyperband", "min_resource", 1L,
                        "reduction_factor", 3L)));
    }

    /**
     * The method a {@code --methods} item names: {@code PRUNER} (the space file's sampler with it),
     * {@code SAMPLER} (without pruning) or {@code SAMPLER+PRUNER}, where a pruner is {@code none} or a
     * registered pruner; the successive-halving ones get rungs from epoch 1 and a reduction factor of
     * 3, as {@link #defaultMethods()} and {@code bench lcbench} use. The label is the item as written.
     */
    public static Method method(String text) {
        Set<String> samplers = new TreeSet<>();
        Samplers.all().forEach(x -> samplers.add(x.name()));
        Set<String> pruners = new TreeSet<>();
        Pruners.all().forEach(x -> pruners.add(x.name()));
        pruners.add(PrunerSpec.NONE);
        String[] parts = text.trim().split("\\+", -1);
        String expected = "expected PRUNER, SAMPLER or SAMPLER+PRUNER with a sampler of " + String.join(", ", samplers)
                + " and a pruner of " + String.join(", ", pruners);
        if (parts.length == 1 && pruners.contains(parts[0])) {
            return new Method(text.trim(), null, pruner(parts[0]));
        }
        if (parts.length == 1 && samplers.contains(parts[0])) {
            return new Method(text.trim(), parts[0], PrunerSpec.none(null));
        }
        if (parts.length == 2 && samplers.contains(parts[0]) && pruners.contains(parts[1])) {
            return new Method(text.trim(), parts[0], pruner(parts[1]));
        }
        throw new UserError("--methods: '" + text + "' is not a method: " + expected);
    }

    private static PrunerSpec pruner(String name) {
        if (name.equals(PrunerSpec.NONE)) {
            return PrunerSpec.none(null);
        }
        return HALVING.contains(name) ? PrunerSpec.of(name, "min_resource", 1L, "reduction_factor", 3L) : PrunerSpec.of(name);
    }

    /** The study one method runs for one seed: the epochs fixed, its sampler, the seed and its pruner. */
    public static StudySpec specOf(Config config, Method method, long seed) {
        SearchSpec s = config.spec().search();
        // a method that names the space file's own sampler keeps its search.options
        SearchSpec search = method.sampler() == null || method.sampler().equals(s.sampler())
                ? new SearchSpec(s.sampler(), s.trials(), seed, s.samplerLocation(), s.options())
                : new SearchSpec(method.sampler(), s.trials(), seed, null);
        return withEpochs(config.spec(), config.epochs()).withSearch(search).withPruner(method.pruner());
    }

    /** Runs every method for every seed (seed by seed, so a cut-short run stays balanced). */
    public static List<Run> run(Config config, TrialBackend backend, Consumer<Run> done) {
        return BenchStudies.seedBySeed(config.seeds(), config.methods(), (m, seed) -> runOne(config, m, seed, backend), done);
    }

    static Run runOne(Config config, Method method, long seed, TrialBackend backend) {
        StudySpec spec = specOf(config, method, seed);
        int budget = config.budget();
        Path dir;
        try {
            dir = Files.createTempDirectory("liandan-bench-prune");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Point> curve = new ArrayList<>();
        int[] spent = {0};
        StudyListener recorder = new StudyListener() {
            @Override
            public void trialFinished(Trial trial, int finished, Double best) {
                spent[0] += trial.epochs();
                curve.add(new Point(spent[0], best));
            }
        };
        long start = System.nanoTime();
        try (InMemoryStorage storage = new InMemoryStorage()) {
            StudyRunner runner = new StudyRunner(storage, backend, dir, recorder);
            // one more trial at a time: the runner counts trials, the benchmark counts epochs
            for (int trials = 1; spent[0] < budget; trials++) {
                var result = runner.run(spec, trials);
                if (result.stopReason() != dev.liandan.study.StopReason.BUDGET) {
                    break;
                }
            }
            List<Trial> trials = storage.trials(spec.name());
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run(method, seed, List.copyOf(curve), trials.size(), count(trials, TrialState.PRUNED),
                    count(trials, TrialState.FAILED), seconds);
        } finally {
            deleteTree(dir);
        }
    }

    private static int count(List<Trial> trials, TrialState state) {
        return (int) trials.stream().filter(t -> t.state() == state).count();
    }

    /** The spec with the {@code epochs} setting fixed to {@code epochs}. */
    static StudySpec withEpochs(StudySpec spec, int epochs) {
        List<Param> params = new ArrayList<>();
        boolean found = false;
        for (Param p : spec.space().params()) {
            if (p.name().equals("epochs")) {
                if (!(p instanceof FixedParam f)) {
                    throw new UserError("the benchmark sets the epochs itself: in " + spec.source()
                            + ", training.epochs must be a plain number, not searched");
                }
                params.add(new FixedParam("epochs", (long) epochs, f.condition(), f.location()));
                found = true;
            } else {
                params.add(p);
            }
        }
        if (!found) {
            throw new UserError(spec.source() + " has no epochs setting");
        }
        return new StudySpec(spec.name(), spec.source(), spec.sourceText(), spec.data(), new Space(params),
                spec.objective(), spec.search(), spec.pruner());
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
