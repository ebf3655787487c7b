package dev.liandan.space;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntParamTest {
    static IntParam of(long low, long high, boolean log, long step) {
        return new IntParam("n", low, high, log, step, Optional.empty(), null);
    }

    /** How often each value comes out of fromUnit over an even sweep of [0, 1]. */
    static Map<Long, Integer> shares(IntParam p, int samples) {
        Map<Long, Integer> counts = new TreeMap<>();
        for (int i = 0; i < samples; i++) {
            counts.merge((Long) p.fromUnit((i + 0.5) / samples), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void eachIntegerOwnsAnEqualSlice() {
        IntParam p = of(1, 3, false, 1);
        assertEquals(1L, p.fromUnit(0));
        assertEquals(1L, p.fromUnit(0.33));
        assertEquals(2L, p.fromUnit(0.34));
        assertEquals(3L, p.fromUnit(1));
        assertEquals(Map.of(1L, 100, 2L, 100, 3L, 100), shares(p, 300));
    }

    @Test
    void valuesAreLongsAndRoundTrip() {
        IntParam p = of(-5, 5, false, 1);
        for (long v = -5; v <= 5; v++) {
            Object back = p.fromUnit(p.toUnit(v));
            assertInstanceOf(Long.class, back);
            assertEquals(v, back);
        }
        assertEquals(0.5, p.toUnit(0L), 1e-12);
    }

    @Test
    void stepGridAndContains() {
        IntParam p = of(0, 10, false, 5);
        assertEquals(3, p.count());
        assertEquals(Optional.of(List.of(0L, 5L, 10L)), p.gridValues());
        assertEquals(Map.of(0L, 10, 5L, 10, 10L, 10), shares(p, 30));
        assertTrue(p.contains(5L));
        assertTrue(p.contains(5.0));
        assertFalse(p.contains(3L));
        assertFalse(p.contains(5.5));
        assertFalse(p.contains(15L));
        assertFalse(p.contains("5"));
    }

    @Test
    void logEndsAreReachedAndEveryValueRoundTrips() {
        IntParam p = of(1, 1000, true, 1);
        assertEquals(1L, p.fromUnit(0));
        assertEquals(1000L, p.fromUnit(1));
        for (long v = 1; v <= 1000; v++) {
            assertEquals(v, p.fromUnit(p.toUnit(v)), "value " + v);
        }
    }

    @Test
    void logRoundingGivesEveryIntegerAShareAndSmallOnesMore() {
        Map<Long, Integer> counts = shares(of(1, 8, true, 1), 10000);
        assertEquals(8, counts.size());
        // drawn log-uniformly on [0.5, 8.5] and rounded: 1 owns [0.5, 1.5), log width ln 3
        assertEquals(10000 * Math.log(3) / Math.log(17), counts.get(1L), 2);
        for (long v = 1; v < 8; v++) {
            assertTrue(counts.get(v) > counts.get(v + 1), counts.toString());
        }
    }

    @Test
    void constructorRefusesImpossibleRanges() {
        assertThrows(IllegalArgumentException.class, () -> of(3, 1, false, 1));
        assertThrows(IllegalArgumentException.class, () -> of(0, 4, true, 1));
        assertThrows(IllegalArgumentException.class, () -> of(1, 4, true, 2));
        assertThrows(IllegalArgumentException.class, () -> of(1, 4, false, 0));
    }
}
