package dev.liandan.train;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The epoch loop that classification and regression trials share, on real training of an iris MLP. */
class EpochLoopTest {

    /** Reports the scripted {@code val_accuracy} of each epoch in turn, and records what it was told. */
    private static final class Scripted implements EpochLoop.Validation {
        private final double[] accuracy;
        private final double valLoss;
        private final String invalid;
        private final List<Integer> bestEpochs = new ArrayList<>();
        private final List<Double> trainLosses = new ArrayList<>();

        Scripted(double valLoss, String invalid, double... accuracy) {
            this.accuracy = accuracy;
            this.valLoss = valLoss;
            this.invalid = invalid;
        }

        @Override
        public Map<String, Double> score(double trainLoss) {
            trainLosses.add(trainLoss);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("val_accuracy", accuracy[trainLosses.size() - 1]);
            m.put("val_loss", valLoss);
            m.put("train_loss", trainLoss);
            return m;
        }

        @Override
        public String invalid(Map<String, Double> metrics) {
            return invalid;
        }

        @Override
        public void best() {
            bestEpochs.add(trainLosses.size());
        }
    }

    private record Run(EpochLoop.Ended ended, BestEpoch best) {
    }

    private static Run run(Scripted validation, int epochs, int patience) {
        Dataset iris = Datasets.load(Fixtures.iris());
        TrialConfig cfg = TrialConfig.from(Fixtures.params());
        ShuffledBatches batches = new ShuffledBatches(iris.train(), 16, 3);
        MultiLayerNetwork net = Models.build(cfg, iris, 3, Schedules.learningRate(cfg, batches.batchesPerEpoch()));
        EpochLossMeter trainLoss = new EpochLossMeter();
        net.setListeners(trainLoss);
        BestEpoch best = new BestEpoch("val_accuracy", Direction.MAXIMIZE, patience);
        return new Run(EpochLoop.run(net, batches, trainLoss, epochs, best, (e, m) -> true, validation, " (hint)"), best);
    }

    @Test
    void theBestEpochIsToldOnlyWhenItImprovesAndPatienceEndsTheEpochs() {
        Scripted v = new Scripted(0.5, null, 0.5, 0.7, 0.6, 0.8, 0.8, 0.8, 0.9);
        Run r = run(v, 7, 2);
        assertEquals(TrialState.COMPLETE, r.ended().state());
        assertNull(r.ended().failed());
        assertEquals(6, r.ended().epochs(), "epochs 5 and 6 brought no improvement over epoch 4");
        assertEquals(List.of(1, 2, 4), v.bestEpochs);
        assertEquals(4, r.best().epoch());
        assertEquals(6, v.trainLosses.size());
        for (double loss : v.trainLosses) {
            assertTrue(Double.isFinite(loss) && loss > 0, "a real epoch's training loss: " + loss);
        }
    }

    @Test
    void aNonFiniteLossFailsTheTrialBeforeTheValidationsOwnReason() {
        Run nan = run(new Scripted(Double.NaN, "never read", 0.5, 0.6), 2, 0);
        assertEquals(TrialState.FAILED, nan.ended().state());
        assertEquals(1, nan.ended().epochs());
        String reason = nan.ended().failed().failReason();
        assertTrue(reason.startsWith("loss became NaN at epoch 1 (train_loss=") && reason.endsWith(", val_loss=NaN) (hint)"), reason);

        Run invalid = run(new Scripted(0.5, "undefined here", 0.5, 0.6), 2, 0);
        assertEquals(TrialState.FAILED, invalid.ended().state());
        assertEquals("undefined here", invalid.ended().failed().failReason());
        assertNull(invalid.best().metrics(), "an invalid epoch is not offered as the best");
    }
}
