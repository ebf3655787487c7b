package dev.liandan.bench;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import dev.liandan.space.Objective;
import dev.liandan.space.SamplerOptions;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.StudySpec;
import dev.liandan.study.TrialBackend;
import dev.liandan.study.TrialOutcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Studies of a {@link BenchFunction}, run through the real worker loop ({@code StudyRunner}) with a
 * backend that evaluates the function instead of training: the ask, the storage writes and the
 * study's own ranking are the ones a sweep uses.
 */
final class BenchStudies {
    static final String METRIC = "value";

    private BenchStudies() {
    }

    /** A study of {@code f} with the given sampler; the text is what a resume check compares. */
    static StudySpec spec(String name, BenchFunction f, String sampler, Map<String, Object> options, long seed,
                          int trials) {
        String text = "# liandan bench: " + f.name() + " with " + sampler + " " + options + "\nseed: " + seed + "\n";
        return new StudySpec(name, Path.of("bench", f.name()), text, null, f.space(),
                new Objective(METRIC, Direction.MINIMIZE),
                new SearchSpec(sampler, trials, seed, null, SamplerOptions.of(options)));
    }

    /** Evaluates the function: a trial is one call, COMPLETE with the value. */
    static TrialBackend backend(BenchFunction f) {
        return request -> new TrialOutcome(TrialState.COMPLETE, f.value(request.params()), Map.of(), 0, null);
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /**
     * Runs {@code one} for every method and seed, seed by seed (so a run cut short stays balanced
     * across methods), handing each result to {@code done} as it ends.
     */
    static <M, R> List<R> seedBySeed(List<Long> seeds, List<M> methods, BiFunction<M, Long, R> one, Consumer<R> done) {
        List<R> runs = new ArrayList<>();
        for (long seed : seeds) {
            for (M m : methods) {
                R r = one.apply(m, seed);
                runs.add(r);
                done.accept(r);
            }
        }
        return runs;
    }
}
