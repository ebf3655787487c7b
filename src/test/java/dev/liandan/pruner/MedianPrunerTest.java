package dev.liandan.pruner;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.liandan.pruner.Trials.complete;
import static dev.liandan.pruner.Trials.max;
import static dev.liandan.pruner.Trials.request;
import static dev.liandan.pruner.Trials.running;
import static dev.liandan.pruner.Trials.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MedianPrunerTest {
    /** No start-up phase, so that each test shows one rule. */
    private static final MedianPruner NOW = new MedianPruner(0, 0, 1, 1);

    @Test
    void prunesATrialWhoseBestSoFarIsBelowTheMedianAtTheSameEpoch() {
        // at epoch 2 the complete trials had 0.6, 0.7, 0.8: median 0.7
        var others = new dev.liandan.core.Observation[] {complete(0, 0.5, 0.6, 0.9), complete(1, 0.6, 0.7, 0.9),
                complete(2, 0.7, 0.8, 0.9)};
        assertTrue(NOW.prune(max(running(3, 0.65, 0.6), others)), "best so far 0.65 < 0.7");
        assertFalse(NOW.prune(max(running(3, 0.75, 0.6), others)), "best so far 0.75 (epoch 1) counts");
        assertFalse(NOW.prune(max(running(3, 0.1, 0.71), others)));
    }

    @Test
    void aTieWithTheMedianGoesOn() {
        assertFalse(NOW.prune(max(running(3, 0.7), complete(0, 0.6), complete(1, 0.7), complete(2, 0.8))));
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwo() {
        assertEquals(0.65, MedianPruner.median(List.of(0.8, 0.6, 0.5, 0.7)), 1e-12);
        assertTrue(NOW.prune(max(running(4, 0.64), complete(0, 0.5), complete(1, 0.6), complete(2, 0.7), complete(3, 0.8))));
        assertFalse(NOW.prune(max(running(4, 0.66), complete(0, 0.5), complete(1, 0.6), complete(2, 0.7), complete(3, 0.8))));
    }

    @Test
    void whenMinimisingAHigherValueIsWorse() {
        var others = new dev.liandan.core.Observation[] {complete(0, 1.0, 0.5), complete(1, 1.2, 0.6),
                complete(2, 1.4, 0.7)};
        assertTrue(NOW.prune(request(running(3, 0.9, 0.65), Direction.MINIMIZE, 0, others)), "0.65 > median 0.6");
        assertFalse(NOW.prune(request(running(3, 0.9, 0.55), Direction.MINIMIZE, 0, others)));
        // the same values read as accuracies are good
        assertFalse(NOW.prune(request(running(3, 0.9, 0.65), Direction.MAXIMIZE, 0, others)));
    }

    @Test
    void onlyCompleteTrialsMakeTheMedian() {
        var bad = running(3, 0.55);
        // the pruned, failed and running trials' low values would pull the median below 0.55
        assertTrue(NOW.prune(max(bad, complete(0, 0.6), trial(1, TrialState.PRUNED, 0.1), trial(2, TrialState.FAILED, 0.1),
                running(4, 0.1), running(5, 0.2))));
        assertFalse(NOW.prune(max(bad, trial(1, TrialState.PRUNED, 0.6), running(4, 0.9))), "no complete trial: go on");
    }

    @Test
    void noPruningBeforeTheStartUpTrialsAreComplete() {
        MedianPruner p = new MedianPruner(3, 0, 1, 1);
        var self = running(9, 0.1);
        assertFalse(p.prune(max(self, complete(0, 0.9), complete(1, 0.9), running(2, 0.9), trial(3, TrialState.PRUNED, 0.9))));
        assertTrue(p.prune(max(self, complete(0, 0.9), complete(1, 0.9), complete(2, 0.9))));
    }

    @Test
    void noPruningDuringTheWarmUpThenEveryIntervalSteps() {
        // warm-up 2 steps, interval 3: judged at epochs 3, 6, 9 (steps 2, 5, 8 counted from 0)
        MedianPruner p = new MedianPruner(0, 2, 3, 1);
        var good = complete(0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9);
        for (int epoch = 1; epoch <= 10; epoch++) {
            double[] low = new double[epoch];
            java.util.Arrays.fill(low, 0.1);
            boolean judged = epoch == 3 || epoch == 6 || epoch == 9;
            assertEquals(judged, p.prune(max(running(1, low), good)), "epoch " + epoch);
        }
    }

    @Test
    void anEpochNoOtherTrialReachedIsNotJudged() {
        assertFalse(NOW.prune(max(running(2, 0.1, 0.1, 0.1), complete(0, 0.9, 0.9), complete(1, 0.9))));
        // an epoch a trial did not report (NaN) is skipped, not read as a value
        assertFalse(NOW.prune(max(running(2, 0.1, 0.1), complete(0, 0.9, Double.NaN))));
        MedianPruner needsTwo = new MedianPruner(0, 0, 1, 2);
        assertFalse(needsTwo.prune(max(running(2, 0.1, 0.1), complete(0, 0.9, 0.9), complete(1, 0.9))));
        assertTrue(needsTwo.prune(max(running(2, 0.1), complete(0, 0.9, 0.9), complete(1, 0.9))));
    }
}
