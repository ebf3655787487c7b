package dev.liandan.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LcbenchSurrogateTest {

    static Path dir() {
        Path dir = LcbenchSurrogate.defaultDir(Path.of(""));
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("model.onnx")),
                "the YAHPO LCBench surrogate is not at " + dir + " (../shared/benchmarks/yahpo-lcbench): skipped");
        return dir;
    }

    /**
     * The column order of {@code x_cont} is YAHPO Gym's {@code cont_names} for lcbench, and the
     * network's own input transformations confirm it: the surrogate was trained with a log
     * transform of epoch, learning_rate and weight_decay only ({@code best_params_resnet.json},
     * {@code tfms_*: tlog}), so scaling one of those columns by 10 moves the output as far as the
     * same change made to its log, while the order itself decides which outputs move. Checked
     * here by what the surrogate must predict of LCBench: more epochs of a sound configuration
     * take more time and do not lose accuracy overall, and a 32-times larger batch trains an
     * epoch faster.
     */
    @Test
    void inputsAreInYahposOrder() {
        try (LcbenchSurrogate s = LcbenchSurrogate.open(dir())) {
            LcbenchConfig sound = new LcbenchConfig(64, 0.01, 0.9, 1e-4, 2, 256, 0.1);
            LcbenchCurve curve = s.curve("3945", sound);
            assertTrue(curve.fullCost() > 5 * curve.elapsed()[0], "52 epochs cost far more than one");
            assertTrue(curve.accuracy(52) >= curve.accuracy(1), "accuracy after 52 epochs >= after 1");
            LcbenchCurve large = s.curve("3945", new LcbenchConfig(512, 0.01, 0.9, 1e-4, 2, 256, 0.1));
            LcbenchCurve small = s.curve("3945", new LcbenchConfig(16, 0.01, 0.9, 1e-4, 2, 256, 0.1));
            assertTrue(large.fullCost() < small.fullCost(), "batch 512 trains faster than batch 16");
        }
    }

    @Test
    void aCurveHasEveryEpochAndNonNegativeCosts() {
        try (LcbenchSurrogate s = LcbenchSurrogate.open(dir())) {
            assertEquals(34, s.tasks().size());
            LcbenchCurve c = s.curve("7593", new LcbenchConfig(64, 0.01, 0.9, 1e-4, 3, 256, 0.2));
            assertEquals(52, c.epochs());
            for (int e = 1; e <= 52; e++) {
                assertTrue(c.epochCost(e) >= 0, "epoch " + e);
                assertTrue(c.accuracy(e) > 0 && c.accuracy(e) <= 100, "accuracy at epoch " + e);
            }
            assertTrue(c.fullCost() > 0);
        }
    }
}
