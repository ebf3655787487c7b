package dev.liandan.bench;

import dev.liandan.bench.PruneBench.Method;
import dev.liandan.bench.PruneBench.Point;
import dev.liandan.bench.PruneBench.Run;
import dev.liandan.core.Direction;
import dev.liandan.space.PrunerSpec;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.train.Dl4jBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruneBenchTest {
    @TempDir
    Path tmp;

    private static final Method NONE = new Method("none", PrunerSpec.none(null));

    private static Run run(Point... points) {
        return new Run(NONE, 1, List.of(points), points.length, 0, 0, 1.0);
    }

    @Test
    void bestWithinABudgetCountsOnlyTrialsFinishedWithinIt() {
        Run r = run(new Point(3, null), new Point(6, 0.5), new Point(9, 0.7), new Point(12, 0.9));
        assertNull(r.bestWithin(5));
        assertEquals(0.5, r.bestWithin(8));
        assertEquals(0.7, r.bestWithin(11));
        assertEquals(0.9, r.bestWithin(12));
        assertEquals(12, r.epochsSpent());
    }

    @Test
    void epochsToReachATarget() {
        Run r = run(new Point(3, 0.5), new Point(6, 0.7), new Point(9, 0.9));
        assertEquals(6, r.epochsToReach(0.7, Direction.MAXIMIZE, 9), "equal counts as reached");
        assertEquals(9, r.epochsToReach(0.8, Direction.MAXIMIZE, 9));
        assertNull(r.epochsToReach(0.8, Direction.MAXIMIZE, 8), "only within the budget");
        assertNull(r.epochsToReach(0.95, Direction.MAXIMIZE, 9));
        assertEquals(3, r.epochsToReach(0.6, Direction.MINIMIZE, 9));
    }

    @Test
    void mediansTreatMissingAsWorstOrNever() {
        assertEquals(0.5, PruneBenchReport.median(java.util.Arrays.asList(null, 0.5, 0.9), Direction.MAXIMIZE));
        assertNull(PruneBenchReport.median(java.util.Arrays.asList(null, null, 0.9), Direction.MAXIMIZE));
        assertEquals(0.9, PruneBenchReport.median(java.util.Arrays.asList(null, 0.5, 0.9), Direction.MINIMIZE));
        assertEquals(40, PruneBenchReport.medianEpochs(java.util.Arrays.asList(30, null, 40)));
        assertNull(PruneBenchReport.medianEpochs(java.util.Arrays.asList(30, null, null)));
        assertEquals(List.of(12, 18, 36, 54, 72, 108), PruneBenchReport.checkpoints(108));
    }

    @Test
    void theSectionReplacesItsOwnAndKeepsTheOthers() throws Exception {
        Path file = tmp.resolve("RESULTS.md");
        PruneBenchReport.writeSection(file, "## Pruning\n\nfirst\n");
        assertEquals("# Benchmarks\n\n## Pruning\n\nfirst\n", Files.readString(file));
        Files.writeString(file, "# Benchmarks\n\n## Search\n\nsearch figures\n\n## Pruning\n\nold\n| a |\n\n## Later\n\nx\n");
        PruneBenchReport.writeSection(file, "## Pruning\n\nnew\n");
        assertEquals("# Benchmarks\n\n## Search\n\nsearch figures\n\n## Pruning\n\nnew\n\n## Later\n\nx\n", Files.readString(file));
        Files.writeString(file, "# Benchmarks\n\n## Search\n\ns\n");
        PruneBenchReport.writeSection(file, "## Pruning\n\np\n");
        assertEquals("# Benchmarks\n\n## Search\n\ns\n\n## Pruning\n\np\n", Files.readString(file));
    }

    private StudySpec irisSpec(String epochs) {
        String text = "study: bench-iris\ndata:\n  path: " + Path.of("data/iris.csv").toAbsolutePath()
                + "\n  label: label\n  split_seed: 3\nmodel:\n  hidden_layers: 1\n  units: {int: [4, 32]}\n"
                + "training:\n  epochs: " + epochs + "\n  batch_size: 16\n  lr: {float: [1.0e-4, 1.0e-1], log: true}\n"
                + "objective:\n  metric: val_accuracy\nsearch:\n  sampler: random\n";
        return SpaceFileParser.parse(text, tmp.resolve("space.yaml"));
    }

    @Test
    void aRealBenchOnIrisSpendsTheBudgetOfEachMethod() {
        List<Method> methods = List.of(NONE, new Method("asha", PrunerSpec.of("asha", "min_resource", 1L,
                "reduction_factor", 2L)), PruneBench.method("tpe+asha"));
        PruneBench.Config config = new PruneBench.Config(irisSpec("50"), 4, 3, List.of(1L), methods);
        List<Run> seen = new ArrayList<>();
        List<Run> runs = PruneBench.run(config, new Dl4jBackend(), seen::add);
        assertEquals(runs, seen);
        assertEquals(3, runs.size());
        Run none = runs.get(0);
        assertEquals(3, none.trials(), "the baseline runs exactly its trials");
        assertEquals(12, none.epochsSpent(), "the epochs were replaced: 3 trials x 4");
        assertEquals(0, none.pruned());
        Run asha = runs.get(1);
        assertTrue(asha.epochsSpent() >= 12 && asha.epochsSpent() < 12 + 4, "spent the budget: " + asha);
        assertTrue(asha.trials() >= 3, asha.toString());
        assertEquals(asha.trials(), asha.curve().size());
        String md = PruneBenchReport.markdown(config, runs, 0.005, "liandan bench prune", "0.1, 0.2, 0.3");
        assertTrue(md.startsWith("## Pruning\n"), md);
        assertTrue(md.contains("| none | "), md);
        assertTrue(md.contains("| asha | "), md);
        assertTrue(md.contains("| tpe+asha | "), md);
        assertTrue(runs.get(2).epochsSpent() >= 12, "a method of its own sampler spends the budget too: " + runs.get(2));
    }

    @Test
    void aMethodNamesAPrunerASamplerOrBoth() {
        Method bohb = PruneBench.method("bohb+hyperband");
        assertEquals("bohb", bohb.sampler());
        assertEquals(PrunerSpec.of("hyperband", "min_resource", 1L, "reduction_factor", 3L), bohb.pruner());
        Method asha = PruneBench.method("asha");
        assertNull(asha.sampler(), "the space's own sampler");
        assertEquals("asha", asha.pruner().name());
        Method random = PruneBench.method("random");
        assertEquals("random", random.sampler());
        assertEquals("none", random.pruner().name());
        assertEquals("median", PruneBench.method("tpe+median").pruner().name());
        assertThrows(UserError.class, () -> PruneBench.method("hyperband+bohb"));
        assertThrows(UserError.class, () -> PruneBench.method("random+asha+x"));

        PruneBench.Config config = new PruneBench.Config(irisSpec("50"), 4, 3, List.of(7L), List.of(bohb, asha));
        StudySpec one = PruneBench.specOf(config, bohb, 7);
        assertEquals("bohb", one.search().sampler());
        assertEquals(7, one.search().seed());
        assertEquals("hyperband", one.pruner().name());
        assertEquals("random", PruneBench.specOf(config, asha, 7).search().sampler());
    }

    @Test
    void aSearchedEpochsSettingIsRefused() {
        UserError e = assertThrows(UserError.class, () -> PruneBench.withEpochs(irisSpec("{int: [2, 5]}"), 3));
        assertTrue(e.getMessage().contains("training.epochs must be a plain number"), e.getMessage());
    }
}
