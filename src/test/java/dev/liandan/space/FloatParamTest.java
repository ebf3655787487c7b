package dev.liandan.space;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloatParamTest {
    static FloatParam uniform(double low, double high) {
        return new FloatParam("x", low, high, false, null, Optional.empty(), null);
    }

    static FloatParam log(double low, double high) {
        return new FloatParam("x", low, high, true, null, Optional.empty(), null);
    }

    static FloatParam stepped(double low, double high, double step) {
        return new FloatParam("x", low, high, false, step, Optional.empty(), null);
    }

    @Test
    void uniformMapsTheUnitIntervalLinearly() {
        FloatParam p = uniform(-1, 3);
        assertEquals(-1.0, p.fromUnit(0));
        assertEquals(1.0, p.fromUnit(0.5));
        assertEquals(3.0, p.fromUnit(1));
        assertEquals(0.75, p.toUnit(2.0), 1e-12);
    }

    @Test
    void unitValuesOutsideZeroOneAreClamped() {
        FloatParam p = uniform(0, 10);
        assertEquals(0.0, p.fromUnit(-0.5));
        assertEquals(10.0, p.fromUnit(7));
        assertEquals(5.0, p.fromUnit(Double.NaN));
        assertEquals(1.0, p.toUnit(99.0));
    }

    @Test
    void uniformRoundTrips() {
        FloatParam p = uniform(0.2, 0.7);
        for (int i = 0; i <= 100; i++) {
            double u = i / 100.0;
            assertEquals(u, p.toUnit(p.fromUnit(u)), 1e-12);
            double v = 0.2 + 0.5 * u;
            assertEquals(v, (Double) p.fromUnit(p.toUnit(v)), 1e-12);
        }
    }

    @Test
    void logScaleSpendsEqualShareOnEachDecade() {
        FloatParam p = log(1e-4, 1e-1);
        assertEquals(1e-4, (Double) p.fromUnit(0), 1e-18);
        assertEquals(1e-3, (Double) p.fromUnit(1.0 / 3), 1e-15);
        assertEquals(1e-2, (Double) p.fromUnit(2.0 / 3), 1e-14);
        assertEquals(1e-1, (Double) p.fromUnit(1), 1e-15);
        assertEquals(0.5, p.toUnit(Math.sqrt(1e-4 * 1e-1)), 1e-12);
        for (int i = 0; i <= 50; i++) {
            double u = i / 50.0;
            assertEquals(u, p.toUnit(p.fromUnit(u)), 1e-12);
        }
    }

    @Test
    void stepGridHasCleanDecimalValues() {
        assertEquals(Optional.of(List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5)), stepped(0, 0.5, 0.1).gridValues());
    }

    @Test
    void everyGridPointGetsAnEqualShareOfTheUnitInterval() {
        FloatParam p = stepped(0, 0.5, 0.1);
        Map<Object, Integer> counts = new HashMap<>();
        int n = 6000;
        for (int i = 0; i < n; i++) {
            counts.merge(p.fromUnit((i + 0.5) / n), 1, Integer::sum);
        }
        assertEquals(6, counts.size());
        // rounding a uniform value to the grid would give 0.0 and 0.5 only half as many
        counts.values().forEach(c -> assertEquals(1000, c));
    }

    @Test
    void steppedValuesRoundTrip() {
        FloatParam p = stepped(1, 2, 0.25);
        for (Object v : p.gridValues().orElseThrow()) {
            assertEquals(v, p.fromUnit(p.toUnit(v)));
        }
    }

    @Test
    void rangeThatIsNotAMultipleOfStepStopsShortOfHigh() {
        FloatParam p = stepped(0, 0.25, 0.1);
        assertEquals(Optional.of(List.of(0.0, 0.1, 0.2)), p.gridValues());
        assertEquals(0.2, p.fromUnit(1));
        assertFalse(p.contains(0.25));
    }

    @Test
    void containsChecksRangeAndGrid() {
        FloatParam p = uniform(0, 1);
        assertTrue(p.contains(0.0));
        assertTrue(p.contains(1L));
        assertFalse(p.contains(1.0001));
        assertFalse(p.contains("0.5"));
        assertFalse(p.contains(Double.NaN));
        FloatParam s = stepped(0, 0.5, 0.1);
        assertTrue(s.contains(0.3));
        assertTrue(s.contains(0.1 + 0.2));
        assertFalse(s.contains(0.35));
    }

    @Test
    void continuousRangeHasNoGridUnlessItIsOnePoint() {
        assertEquals(Optional.empty(), uniform(0, 1).gridValues());
        FloatParam point = uniform(2, 2);
        assertEquals(Optional.of(List.of(2.0)), point.gridValues());
        assertEquals(0.5, point.toUnit(2.0));
        assertEquals(2.0, point.fromUnit(0.9));
    }

    @Test
    void constructorRefusesImpossibleRanges() {
        assertThrows(IllegalArgumentException.class, () -> uniform(2, 1));
        assertThrows(IllegalArgumentException.class, () -> log(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FloatParam("x", 1, 2, true, 0.1, Optional.empty(), null));
        assertThrows(IllegalArgumentException.class, () -> stepped(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> stepped(0, 1, Double.NaN));
    }

    @Test
    void toUnitOfANonNumberIsAUserError() {
        assertThrows(UserError.class, () -> uniform(0, 1).toUnit("high"));
    }
}
