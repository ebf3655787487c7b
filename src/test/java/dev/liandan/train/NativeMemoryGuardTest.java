package dev.liandan.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryGuardTest {

    private static float[] trainWith(NativeMemoryGuard guard, Dataset digits, TrialConfig cfg) {
        MultiLayerNetwork net = Models.build(cfg, digits, 5, Schedules.learningRate(cfg, 10));
        net.setListeners(guard);
        Split train = digits.train();
        net.fit(new ShuffledBatches(train, 32, 5));
        return Inference.probabilities(net, digits.validation().features(), digits.validation().size(),
                digits.featureCount());
    }

    @Test
    void collectsWhenTheMemoryHasGrownAndLeavesTheTrainingAsItWas() {
        Dataset digits = Datasets.load(Fixtures.digits());
        TrialConfig cfg = TrialConfig.from(Fixtures.params("type", "cnn", "conv_layers", 1L, "filters", 8L,
                "hidden_layers", 1L, "units", 32L));
        NativeMemoryGuard never = new NativeMemoryGuard(Long.MAX_VALUE / 2);
        NativeMemoryGuard always = new NativeMemoryGuard(-1L << 40); // any level is "grown"
        float[] a = trainWith(never, digits, cfg);
        float[] b = trainWith(always, digits, cfg);
        assertEquals(0, never.collections());
        // one check every EVERY iterations, each one collecting
        int iterations = (digits.train().size() + 31) / 32;
        assertEquals(iterations / NativeMemoryGuard.EVERY, always.collections());
        assertTrue(always.collections() > 0);
        assertArrayEquals(a, b, "a collection changes nothing that training computes");
    }
}
