package dev.liandan.space;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CategoricalParamTest {
    static final CategoricalParam MIXED =
            new CategoricalParam("c", List.of("relu", 2L, 2.5, true), Optional.empty(), null);

    @Test
    void eachChoiceOwnsAQuarter() {
        assertEquals("relu", MIXED.fromUnit(0));
        assertEquals("relu", MIXED.fromUnit(0.2499));
        assertEquals(2L, MIXED.fromUnit(0.25));
        assertEquals(2.5, MIXED.fromUnit(0.6));
        assertEquals(true, MIXED.fromUnit(1));
        assertEquals(0.125, MIXED.toUnit("relu"));
        assertEquals(0.875, MIXED.toUnit(true));
    }

    @Test
    void mixedTypesRoundTrip() {
        for (Object v : MIXED.choices()) {
            assertEquals(v, MIXED.fromUnit(MIXED.toUnit(v)));
        }
    }

    @Test
    void numbersMatchByValueOtherTypesExactly() {
        assertTrue(MIXED.contains(2.0));
        assertEquals(1, MIXED.indexOf(2.0));
        assertTrue(MIXED.contains(2.5));
        assertFalse(MIXED.contains("2"));
        assertFalse(MIXED.contains(false));
        assertFalse(MIXED.contains("true"));
        assertFalse(MIXED.contains(null));
    }

    @Test
    void unknownChoiceIsAUserErrorNamingIt() {
        UserError e = assertThrows(UserError.class, () -> MIXED.toUnit("tanh"));
        assertEquals("parameter 'c' has no choice 'tanh'", e.getMessage());
    }

    @Test
    void gridIsTheChoicesInOrder() {
        assertEquals(Optional.of(List.of("relu", 2L, 2.5, true)), MIXED.gridValues());
    }

    @Test
    void noChoicesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CategoricalParam("c", List.of(), Optional.empty(), null));
    }
}
