package dev.liandan.pruner;

import dev.liandan.space.PrunerSpec;
import dev.liandan.space.SpaceError;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The registry: names, defaults, and every mistake in a pruner's name or options, at its line:column. */
class PrunersTest {
    @TempDir
    Path dir;

    private StudySpec parse(String search) {
        String text = "study: t\ndata:\n  path: " + Path.of("data/iris.csv").toAbsolutePath() + "\n  label: label\n"
                + "objective:\n  metric: val_accuracy\nsearch:\n" + search;
        return SpaceFileParser.parse(text, dir.resolve("space.yaml"));
    }

    /** A SpaceError at line:column whose message is exactly {@code message}. */
    private void error(String search, int line, int column, String message) {
        StudySpec spec = parse(search);
        SpaceError e = assertThrows(SpaceError.class, () -> Pruners.of(spec.pruner()));
        assertEquals(dir.resolve("space.yaml") + ":" + line + ":" + column + ": " + message, e.getMessage());
    }

    @Test
    void everyPrunerIsRegisteredByName() {
        TreeSet<String> names = new TreeSet<>();
        Pruners.all().forEach(p -> names.add(p.name()));
        assertEquals(new TreeSet<>(List.of("none", "median", "asha", "hyperband", "pasha", "curve", "pareto_asha")), names);
    }

    @Test
    void defaults() {
        assertInstanceOf(NoPruner.class, Pruners.of(parse("  trials: 2\n").pruner()));
        assertEquals("median(n_startup_trials=5, n_warmup_steps=0, interval_steps=1, n_min_trials=1)",
                Pruners.of(parse("  pruner: median\n").pruner()).toString());
        assertEquals("asha(min_resource=1, reduction_factor=3, min_early_stopping_rate=0)",
                Pruners.of(parse("  pruner: asha\n").pruner()).toString());
        assertEquals("hyperband(min_resource=1, reduction_factor=3, max_resource=epochs)",
                Pruners.of(parse("  pruner: {type: hyperband}\n").pruner()).toString());
        assertEquals("median(n_startup_trials=0, n_warmup_steps=3, interval_steps=2, n_min_trials=1)",
                Pruners.of(parse("  pruner: {type: median, n_startup_trials: 0, n_warmup_steps: 3, interval_steps: 2}\n")
                        .pruner()).toString());
    }

    @Test
    void noneNeverStops() {
        assertFalse(new NoPruner().prune(Trials.max(Trials.running(1, 0.0), Trials.complete(0, 1.0))));
    }

    @Test
    void unknownName() {
        error("  pruner: ashaa\n", 8, 11, "unknown pruner 'ashaa': expected one of asha, curve, hyperband, median, none, pareto_asha, pasha");
        error("  pruner: {type: meidan}\n", 8, 18, "unknown pruner 'meidan': expected one of asha, curve, hyperband, median, none, pareto_asha, pasha");
        UserError e = assertThrows(UserError.class, () -> Pruners.of(PrunerSpec.of("sha")));
        assertFalse(e instanceof SpaceError, "a spec built in code has no place in a file");
    }

    @Test
    void unknownOption() {
        error("  pruner: {type: asha, min_resources: 2}\n", 8, 24, "unknown option 'min_resources' of the asha pruner:"
                + " expected one of min_resource, reduction_factor, min_early_stopping_rate");
        error("  pruner: {type: none, interval_steps: 2}\n", 8, 24, "unknown option 'interval_steps' of the none pruner:"
                + " the none pruner takes no options");
        error("  pruner: {type: median, reduction_factor: 2}\n", 8, 26, "unknown option 'reduction_factor' of the median"
                + " pruner: expected one of n_startup_trials, n_warmup_steps, interval_steps, n_min_trials");
    }

    @Test
    void badValues() {
        error("  pruner: {type: asha, reduction_factor: 1}\n", 8, 42, "search.pruner.reduction_factor: expected an integer >= 2, got '1'");
        error("  pruner: {type: asha, min_resource: 0}\n", 8, 38, "search.pruner.min_resource: expected an integer >= 1, got '0'");
        error("  pruner: {type: asha, min_resource: 1.5}\n", 8, 38, "search.pruner.min_resource: expected an integer >= 1, got '1.5'");
        error("  pruner: {type: median, n_warmup_steps: -1}\n", 8, 42, "search.pruner.n_warmup_steps: expected an integer >= 0, got '-1'");
        error("  pruner: {type: median, interval_steps: 0}\n", 8, 42, "search.pruner.interval_steps: expected an integer >= 1, got '0'");
        error("  pruner: {type: hyperband, max_resource: many}\n", 8, 43, "search.pruner.max_resource: expected an integer >= 1, got 'many'");
        error("  pruner: {type: hyperband, max_resource: 3000000000}\n", 8, 43,
                "search.pruner.max_resource: expected an integer >= 1, got '3000000000'");
    }
}
