package dev.liandan.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceTest {

    @Test
    void passesOfAFewHundredRowsGiveWhatOnePassOverEveryRowGives() {
        Dataset digits = Datasets.load(Fixtures.digits());
        TrialConfig cfg = TrialConfig.from(Fixtures.params("type", "cnn", "conv_layers", 2L, "filters", 8L,
                "dense_dropout", 0.4, "hidden_layers", 1L, "units", 32L));
        MultiLayerNetwork net = Models.build(cfg, digits, 3, Schedules.learningRate(cfg, 10));
        Split train = digits.train();
        int n = train.size();
        int d = train.featureCount();
        // more rows than one pass takes, and not a multiple of it: the last pass is a short one
        assertTrue(n > 2 * Inference.ROWS_PER_PASS && n % Inference.ROWS_PER_PASS != 0, "rows " + n);
        float[] x = train.features();

        float[] passes = Inference.probabilities(net, x, n, d);
        float[] whole = net.output(Nd4j.create(x, new long[]{n, d}, 'c'), false).castTo(DataType.FLOAT).dup('c')
                .data().asFloat();

        assertEquals(whole.length, passes.length);
        for (int i = 0; i < whole.length; i++) {
            assertEquals(whole[i], passes[i], 1e-6, "value " + i);
        }
        assertEquals(0, Inference.probabilities(net, new float[0], 0, d).length);
    }
}
