package dev.liandan.ensemble;

import dev.liandan.space.EnsembleSpec;
import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnsembleOptionsTest {

    @Test
    void caruanaDefaultsClimbLogLossWithTwentyBagsOfHalfTheCandidatesFromEmpty() {
        EnsembleOptions o = EnsembleOptions.of(EnsembleSpec.defaults());
        assertEquals(Metric.LOG_LOSS, o.selectBy());
        assertFalse(o.sortedInit());
        assertEquals(20, o.bags());
        CaruanaSelection.Settings s = o.caruana();
        assertEquals(EnsembleSpec.DEFAULT_SIZE, s.maxSize());
        assertEquals(20, s.bags());
        assertEquals(0.5, s.bagFraction());
        assertFalse(s.sortedInit());
    }

    @Test
    void oneBagMeansOneRunOnAllCandidates() {
        EnsembleOptions o = new EnsembleOptions(Method.CARUANA, 10, 20, 1, false, false, Metric.ACCURACY, false, 1);
        CaruanaSelection.Settings s = o.caruana();
        assertEquals(1, s.bags());
        assertEquals(1.0, s.bagFraction(), "the one run sees every candidate");
        assertEquals(20, s.maxSize());
    }

    @Test
    void refusesNoBags() {
        assertThrows(UserError.class,
                () -> new EnsembleOptions(Method.CARUANA, 10, 20, 1, false, false, Metric.ACCURACY, false, 0));
    }

    @Test
    void seedsPerConfigDefaultsByMethodAndIsRefusedForTheVotes() {
        assertEquals(1, EnsembleOptions.of(EnsembleSpec.defaults()).seedsPerConfig(), "caruana retrains only when asked");
        assertEquals(0, EnsembleOptions.of(EnsembleSpec.defaults()).reseededConfigs());
        EnsembleSpec h = new EnsembleSpec("hierarchical", 3, 20, null, 5, "equal", false);
        assertEquals(EnsembleSpec.DEFAULT_SEEDS_PER_CONFIG, EnsembleOptions.of(h).seedsPerConfig());
        assertEquals(0, EnsembleOptions.of(h).reseededConfigs());
        EnsembleSpec c = new EnsembleSpec("caruana", 10, 20, 3, 4, "equal", false);
        assertEquals(4, EnsembleOptions.of(c).reseededConfigs());
        UserError e = assertThrows(UserError.class, () -> new EnsembleOptions(Method.SOFT_VOTE, 3, 20, 2, false, false));
        assertEquals("--seeds-per-config is for hierarchical and caruana only (method is soft_vote)", e.getMessage());
        assertThrows(UserError.class,
                () -> new EnsembleOptions(Method.CARUANA, 10, 20, 2, false, false, Metric.ACCURACY, false, 1, 0));
    }
}
