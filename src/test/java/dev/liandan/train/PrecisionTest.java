package dev.liandan.train;

import dev.liandan.core.TrialState;
import dev.liandan.space.SpaceError;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.study.TrialOutcome;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrecisionTest {

    @TempDir
    Path tmp;

    @Test
    void fp16IsAHalfPrecisionNetworkWithALargerAdamEpsilonThatTrains() throws Exception {
        Dataset iris = Datasets.load(Fixtures.iris());
        TrialConfig cfg = TrialConfig.from(Fixtures.params("precision", "fp16", "hidden_layers", 1L, "units", 16L));
        MultiLayerNetwork net = Models.build(cfg, iris, 1, Schedules.learningRate(cfg, 4));
        assertEquals(DataType.HALF, net.params().dataType());
        Adam adam = (Adam) net.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W");
        assertEquals(Models.HALF_ADAM_EPSILON, adam.getEpsilon(), 0);
        net.close();
        TrialOutcome o = new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.iris()),
                Fixtures.params("precision", "fp16", "hidden_layers", 1L, "units", 16L, "epochs", 15L, "lr", 0.01,
                        "batch_size", 16L), 2, tmp.resolve("half"), null));
        assertEquals(TrialState.COMPLETE, o.state(), o.failReason());
        assertTrue(o.value() > 0.6, "val_accuracy " + o.value());
    }

    @Test
    void aDivergingFp16TrialFailsWithAReasonThatSaysSo() throws Exception {
        TrialOutcome o = new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.iris()),
                Fixtures.params("precision", "fp16", "optimizer", "sgd", "lr", 1.0e5, "hidden_layers", 2L,
                        "units", 32L, "epochs", 3L), 2, tmp.resolve("nan"), null));
        assertEquals(TrialState.FAILED, o.state());
        assertTrue(o.failReason().contains("fp16"), o.failReason());
    }

    @Test
    void bf16IsRefusedAtValidationWithTheReason() throws Exception {
        Path space = tmp.resolve("s.yaml");
        Files.writeString(space, "study: s\ndata:\n  path: " + Path.of("data/iris.csv").toAbsolutePath()
                + "\n  label: label\ntraining:\n  precision: {choice: [fp32, bf16]}\nobjective:\n  metric: val_accuracy\n");
        SpaceError e = assertThrows(SpaceError.class, () -> SpaceFileParser.parse(space));
        assertTrue(e.getMessage().contains(":6:30: training.precision: bf16 is not supported by DL4J 1.0.0-M2.1"),
                e.getMessage());
    }
}
