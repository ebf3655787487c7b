package dev.liandan.space;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.liandan.space.SpaceFiles.BASE;
import static dev.liandan.space.SpaceFiles.error;
import static dev.liandan.space.SpaceFiles.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code search.pruner}: its two forms, the default, and the mistakes of form (names and options are the registry's). */
class PrunerSectionTest {
    @TempDir
    Path dir;

    @Test
    void noPrunerIsNone() {
        StudySpec spec = parse(dir, BASE);
        assertEquals("none", spec.pruner().name());
        assertEquals(1, spec.pruner().location().line());
        assertEquals("none", parse(dir, BASE + "search:\n  trials: 3\n").pruner().name());
    }

    @Test
    void aNameAlone() {
        PrunerSpec p = parse(dir, BASE + "search:\n  pruner: median\n").pruner();
        assertEquals("median", p.name());
        assertEquals(List.of(), List.copyOf(p.options().keySet()));
        assertEquals("8:11", p.location().line() + ":" + p.location().column());
    }

    @Test
    void aMappingWithTypeAndOptions() {
        PrunerSpec p = parse(dir, BASE + "search:\n  pruner: {type: asha, min_resource: 2, reduction_factor: \"4\"}\n").pruner();
        assertEquals("asha", p.name());
        assertEquals(List.of("min_resource", "reduction_factor"), List.copyOf(p.options().keySet()));
        assertEquals(2L, p.options().get("min_resource").value());
        assertEquals(4L, p.options().get("reduction_factor").value(), "a quoted number is a number");
        PrunerSpec.Option o = p.options().get("min_resource");
        assertEquals("8:24", o.keyLocation().line() + ":" + o.keyLocation().column());
        assertEquals("8:38", o.valueLocation().line() + ":" + o.valueLocation().column());

        PrunerSpec block = parse(dir, BASE + "search:\n  pruner:\n    type: hyperband\n    max_resource: 27\n").pruner();
        assertEquals("hyperband", block.name());
        assertEquals(27L, block.options().get("max_resource").value());
    }

    @Test
    void theSweepBudgetLineStaysTheOnlyThingAResumeMayChange() {
        // withSearch (what --trials and --seed build) keeps the pruner
        StudySpec spec = parse(dir, BASE + "search:\n  pruner: median\n");
        assertEquals("median", spec.withSearch(new SearchSpec("random", 5, 1, null)).pruner().name());
    }

    @Test
    void aSpecBuiltWithTheOldSignatureHasNoPruner() {
        StudySpec spec = parse(dir, BASE);
        StudySpec old = new StudySpec(spec.name(), spec.source(), spec.sourceText(), spec.data(), spec.space(),
                spec.objective(), spec.search());
        assertEquals("none", old.pruner().name());
        assertNull(old.pruner().location());
    }

    @Test
    void mistakesOfForm() {
        error(dir, BASE + "search:\n  pruner: [asha]\n", 8, 11, "search.pruner: expected a pruner's name (none, median, asha,");
        error(dir, BASE + "search:\n  pruner:\n", 8, 10, "search.pruner: expected a pruner's name");
        error(dir, BASE + "search:\n  pruner: 3\n", 8, 11, "got '3'");
        error(dir, BASE + "search:\n  pruner: {min_resource: 1}\n", 8, 11, "search.pruner: missing required key 'type'");
        error(dir, BASE + "search:\n  pruner: {type: [asha]}\n", 8, 18, "search.pruner.type: expected a text value");
        error(dir, BASE + "search:\n  pruner: {type: asha, min_resource: [1, 2]}\n", 8, 38,
                "search.pruner.min_resource: expected a single value, got a list");
        error(dir, BASE + "search:\n  prunner: asha\n", 8, 3, "unknown key 'prunner' in search: expected one of sampler,"
                + " trials, seed, options, pruner, retries, time_budget, max_failed (did you mean 'pruner'?)");
    }
}
