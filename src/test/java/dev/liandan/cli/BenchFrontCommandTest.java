package dev.liandan.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench front} and {@code bench prune --methods}: bad input is one line and exit 2, before any training. */
class BenchFrontCommandTest {

    private static void refused(String start, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().strip().startsWith("liandan: " + start), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void frontNeedsASpaceOfSeveralObjectives() {
        refused("bench front: search-spaces/mnist-cnn-prune.yaml has one objective (val_accuracy); it needs several",
                "bench", "front", "--space", "search-spaces/mnist-cnn-prune.yaml");
    }

    @Test
    void frontRefusesASamplerOfOneObjectiveAndABadReference() {
        refused("--samplers: search.sampler: cmaes models one objective", "bench", "front", "--space",
                "search-spaces/mnist-cnn-moo.yaml", "--samplers", "random,cmaes");
        refused("--samplers: 'nsga2:population': expected NAME or NAME:option=value", "bench", "front", "--space",
                "search-spaces/mnist-cnn-moo.yaml", "--samplers", "nsga2:population");
        refused("--reference: expected 2 finite numbers, one per objective (val_accuracy, params)", "bench", "front",
                "--space", "search-spaces/mnist-cnn-moo.yaml", "--reference", "0.5");
        refused("--log: 'latency_ms' is not an objective of search-spaces/mnist-cnn-moo.yaml (val_accuracy, params)",
                "bench", "front", "--space", "search-spaces/mnist-cnn-moo.yaml", "--log", "latency_ms");
        refused("--seeds must be >= 1", "bench", "front", "--space", "search-spaces/mnist-cnn-moo.yaml", "--seeds", "0");
    }

    @Test
    void pruneRefusesAnUnknownMethod() {
        refused("--methods: 'random+bogus' is not a method: expected PRUNER, SAMPLER or SAMPLER+PRUNER", "bench",
                "prune", "--methods", "random,random+bogus");
        refused("bench prune: search-spaces/mnist-cnn-moo.yaml has 2 objectives", "bench", "prune", "--space",
                "search-spaces/mnist-cnn-moo.yaml");
    }
}
