package dev.liandan.pruner;

import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.liandan.pruner.Trials.complete;
import static dev.liandan.pruner.Trials.max;
import static dev.liandan.pruner.Trials.request;
import static dev.liandan.pruner.Trials.running;
import static dev.liandan.pruner.Trials.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AshaPrunerTest {

    // ---- rung arithmetic

    @Test
    void rungsSitAtMinResourceTimesPowersOfEta() {
        assertEquals(List.of(1, 3, 9, 27), new SuccessiveHalving(1, 3, 0).rungs(81));
        assertEquals(List.of(1, 2, 4, 8, 16), new SuccessiveHalving(1, 2, 0).rungs(20));
        assertEquals(List.of(2, 8, 32), new SuccessiveHalving(2, 4, 0).rungs(100));
        // the minimum early-stopping rate moves the first rung up by eta^s
        assertEquals(List.of(9, 27), new SuccessiveHalving(1, 3, 2).rungs(81));
        assertEquals(List.of(15, 45), new SuccessiveHalving(5, 3, 1).rungs(100));
    }

    @Test
    void noRungAtOrAfterTheLastEpoch() {
        assertEquals(List.of(1, 3, 9), new SuccessiveHalving(1, 3, 0).rungs(27));
        assertEquals(List.of(), new SuccessiveHalving(4, 2, 0).rungs(4));
    }

    @Test
    void rungIndexOfAnEpoch() {
        SuccessiveHalving h = new SuccessiveHalving(2, 3, 0);
        assertEquals(0, h.rungAt(2));
        assertEquals(1, h.rungAt(6));
        assertEquals(2, h.rungAt(18));
        assertEquals(-1, h.rungAt(1));
        assertEquals(-1, h.rungAt(3));
        assertEquals(-1, h.rungAt(12));
        assertEquals(-1, new SuccessiveHalving(1, 2, 0).rungAt(Integer.MAX_VALUE));
        assertEquals(30, new SuccessiveHalving(1, 2, 0).rungAt(1 << 30));
    }

    @Test
    void theQuotaIsTheTopOneOverEtaAndAtLeastOne() {
        SuccessiveHalving h = new SuccessiveHalving(1, 3, 0);
        assertEquals(1, h.quota(1));
        assertEquals(1, h.quota(2));
        assertEquals(1, h.quota(5));
        assertEquals(2, h.quota(6));
        assertEquals(3, h.quota(9));
        assertEquals(3, h.quota(11));
        assertEquals(4, new SuccessiveHalving(1, 2, 0).quota(9));
    }

    // ---- decisions

    private static final AshaPruner ETA3 = new AshaPruner(new SuccessiveHalving(1, 3, 0));

    /** Trials that reached epoch 1 with the given values (and went on or stopped: it does not matter). */
    private static Observation[] peersAtEpoch1(double... values) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(trial(i, i % 2 == 0 ? TrialState.PRUNED : TrialState.COMPLETE, values[i]));
        }
        return out.toArray(new Observation[0]);
    }

    @Test
    void theFirstTrialAtARungGoesOn() {
        assertFalse(ETA3.prune(max(running(0, 0.1))));
    }

    @Test
    void withFewerThanEtaTrialsOnlyTheBestGoesOn() {
        assertTrue(ETA3.prune(max(running(5, 0.5), peersAtEpoch1(0.6))));
        assertFalse(ETA3.prune(max(running(5, 0.7), peersAtEpoch1(0.6))));
    }

    @Test
    void aTrialGoesOnOnlyInTheTopThird() {
        // 5 peers + itself = 6 at the rung: the best 2 go on
        Observation[] peers = peersAtEpoch1(0.1, 0.2, 0.3, 0.4, 0.5);
        assertFalse(ETA3.prune(max(running(9, 0.6), peers)), "1st of 6");
        assertFalse(ETA3.prune(max(running(9, 0.45), peers)), "2nd of 6");
        assertTrue(ETA3.prune(max(running(9, 0.35), peers)), "3rd of 6");
        assertTrue(ETA3.prune(max(running(9, 0.0), peers)));
    }

    @Test
    void aTieWithTheCutOffGoesOn() {
        Observation[] peers = peersAtEpoch1(0.1, 0.2, 0.3, 0.4, 0.5);
        assertFalse(ETA3.prune(max(running(9, 0.4), peers)), "ties the 2nd best: in the top 2");
        assertFalse(ETA3.prune(max(running(9, 0.5), peersAtEpoch1(0.5, 0.5, 0.5))), "all equal");
    }

    @Test
    void minimisingReversesTheOrder() {
        Observation[] peers = peersAtEpoch1(0.1, 0.2, 0.3, 0.4, 0.5);
        assertFalse(ETA3.prune(request(running(9, 0.15), Direction.MINIMIZE, 0, peers)), "2nd lowest of 6");
        assertTrue(ETA3.prune(request(running(9, 0.25), Direction.MINIMIZE, 0, peers)));
        assertTrue(ETA3.prune(request(running(9, 0.6), Direction.MINIMIZE, 0, peers)));
    }

    @Test
    void onlyRungEpochsAreJudged() {
        Observation[] peers = {complete(0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9)};
        for (int epoch = 1; epoch <= 10; epoch++) {
            double[] low = new double[epoch];
            java.util.Arrays.fill(low, 0.1);
            boolean rung = epoch == 1 || epoch == 3 || epoch == 9;
            assertEquals(rung, ETA3.prune(max(running(1, low), peers)), "epoch " + epoch);
        }
    }

    @Test
    void peersAreTheTrialsThatReachedTheRungComparedByTheirBestUpToIt() {
        // at rung 3: trial 0 reached it (best 0.8 by epoch 3, its 0.99 later does not count), trial 1
        // stopped at epoch 1 and never reached it, trial 2 is FAILED; so 2 at the rung, the best goes on
        Observation self = running(5, 0.5, 0.6, 0.7);
        Observation[] peers = {complete(0, 0.8, 0.2, 0.2, 0.99), trial(1, TrialState.PRUNED, 0.95),
                trial(2, TrialState.FAILED, 0.95, 0.95, 0.95)};
        assertTrue(ETA3.prune(max(self, peers)));
        Observation better = running(5, 0.5, 0.6, 0.81);
        assertFalse(ETA3.prune(max(better, peers)));
    }

    @Test
    void theTrialsOwnValueIsItsBestSoFar() {
        assertFalse(ETA3.prune(max(running(1, 0.9, 0.1, 0.1), complete(0, 0.5, 0.5, 0.5))));
    }

    @Test
    void noStopAtTheLastEpoch() {
        Observation[] peers = peersAtEpoch1(0.9, 0.9, 0.9);
        assertTrue(ETA3.prune(request(running(9, 0.1), Direction.MAXIMIZE, 2, peers)));
        assertFalse(ETA3.prune(request(running(9, 0.1), Direction.MAXIMIZE, 1, peers)), "epoch 1 of 1");
    }

    @Test
    void optionsAreRead() {
        Pruner p = Pruners.of(dev.liandan.space.PrunerSpec.of("asha", "min_resource", 2L, "reduction_factor", 4));
        assertEquals("asha(min_resource=2, reduction_factor=4, min_early_stopping_rate=0)", p.toString());
        assertEquals(List.of(2, 8, 32), ((AshaPruner) p).halving().rungs(100));
    }
}
