package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.space.CategoricalParam;
import dev.liandan.space.Condition;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The decode cache gives what a fresh decode gives, and each parameter's order is the estimator's sort. */
class UnitCacheTest {
    private static final Space SPACE = new Space(List.of(
            new FloatParam("lr", 1e-5, 1, true, null, Optional.empty(), null),
            new CategoricalParam("opt", List.of("adam", "sgd"), Optional.empty(), null),
            new FloatParam("momentum", 0, 1, false, null, Optional.of(new Condition("opt", List.of("sgd"))), null),
            new IntParam("units", 1, 4, false, 1, Optional.empty(), null)));

    private static List<Observation> history(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // few distinct integers: many ties, which the order breaks by trial number
            Map<String, Object> p = SPACE.assign(q -> q.fromUnit(rng.nextDouble()));
            out.add(new Observation(i, p, TrialState.COMPLETE, rng.nextDouble(), List.of()));
        }
        return out;
    }

    private static void assertFreshDecode(UnitCache.Decoded d, List<Observation> used) {
        List<SearchableParam> params = SPACE.searchable();
        for (int t = 0; t < used.size(); t++) {
            double[] expected = TpeSampler.unitsOrNaN(params, used.get(t).params());
            for (int p = 0; p < params.size(); p++) {
                assertEquals(Double.doubleToLongBits(expected[p]), Double.doubleToLongBits(d.units()[p][t]));
            }
        }
    }

    /** The estimator's own sort of the active values: positions by (rounded value, position). */
    private static int[] sortedActive(double[] column) {
        int[] positions = java.util.stream.IntStream.range(0, column.length).filter(t -> !Double.isNaN(column[t])).toArray();
        double[] mu = Arrays.stream(positions).mapToDouble(t -> column[t]).toArray();
        return Arrays.stream(ParzenEstimator.sortedOrder(mu)).map(i -> positions[i]).toArray();
    }

    /** A numeric parameter's order is the estimator's sort; a categorical one has none (its estimator does not sort). */
    private static void assertOrder(UnitCache.Decoded d, int p) {
        if (SPACE.searchable().get(p) instanceof CategoricalParam) {
            assertNull(d.order()[p]);
        } else {
            assertArrayEquals(sortedActive(d.units()[p]), d.order()[p], "parameter " + p);
        }
    }

    @Test
    void growingHistoriesDecodeAsFreshAndInTheEstimatorsOrder() {
        UnitCache cache = new UnitCache();
        List<Observation> all = history(300, 1);
        for (int n : new int[]{0, 1, 7, 50, 51, 300}) {
            // every third trial left out of this ask (failed, say): the lists skip it
            List<Observation> used = new ArrayList<>(all.subList(0, n));
            used.removeIf(o -> o.number() % 3 == 2 && o.number() < n / 2);
            UnitCache.Decoded d = cache.decode(SPACE, SPACE.searchable(), used);
            assertFreshDecode(d, used);
            assertNotNull(d.order());
            for (int p = 0; p < SPACE.searchable().size(); p++) {
                assertOrder(d, p);
            }
        }
    }

    @Test
    void aNewMapOrANewSpaceIsDecodedAgain() {
        UnitCache cache = new UnitCache();
        List<Observation> used = new ArrayList<>(history(40, 2));
        cache.decode(SPACE, SPACE.searchable(), used);
        // trial 5 read again with other values (a changed map must not keep its old decode) and trial 6 in a copy
        Map<String, Object> other = new LinkedHashMap<>(used.get(9).params());
        used.set(5, new Observation(5, other, TrialState.COMPLETE, 1.0, List.of()));
        used.set(6, new Observation(6, new HashMap<>(used.get(6).params()), TrialState.COMPLETE, 1.0, List.of()));
        UnitCache.Decoded d = cache.decode(SPACE, SPACE.searchable(), used);
        assertFreshDecode(d, used);
        for (int p = 0; p < SPACE.searchable().size(); p++) {
            assertOrder(d, p);
        }
        Space narrower = new Space(List.of(new FloatParam("lr", 1e-3, 1, true, null, Optional.empty(), null)));
        UnitCache.Decoded n = cache.decode(narrower, narrower.searchable(), used);
        for (int t = 0; t < used.size(); t++) {
            assertEquals(Double.doubleToLongBits(TpeSampler.unitsOrNaN(narrower.searchable(), used.get(t).params())[0]),
                    Double.doubleToLongBits(n.units()[0][t]));
        }
    }

    @Test
    void numbersThatRepeatOrFallLeaveTheOrderToTheCaller() {
        UnitCache cache = new UnitCache();
        List<Observation> h = history(10, 3);
        List<Observation> repeated = new ArrayList<>(h);
        repeated.add(new Observation(4, h.get(4).params(), TrialState.COMPLETE, 0.5, List.of()));
        UnitCache.Decoded d = cache.decode(SPACE, SPACE.searchable(), repeated);
        assertNull(d.order());
        assertFreshDecode(d, repeated);
        List<Observation> falling = new ArrayList<>(h);
        java.util.Collections.reverse(falling);
        assertNull(cache.decode(SPACE, SPACE.searchable(), falling).order());
        List<Observation> negative = List.of(new Observation(-1, h.get(0).params(), TrialState.COMPLETE, 0.5, List.of()));
        UnitCache.Decoded dn = cache.decode(SPACE, SPACE.searchable(), negative);
        assertNull(dn.order());
        assertFreshDecode(dn, negative);
    }
}
