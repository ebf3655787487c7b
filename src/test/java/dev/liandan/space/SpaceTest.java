package dev.liandan.space;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Space.assign and resolve over a space built by hand, in dependency order. */
class SpaceTest {
    static final Optional<Condition> NESTEROV = Optional.of(new Condition("optimizer", List.of("nesterov")));

    static final Space SPACE = new Space(List.of(
            new FloatParam("base_lr", 1e-4, 1e-1, true, null, Optional.empty(), null),
            new CategoricalParam("batch_size", List.of(32L, 64L, 128L, 512L), Optional.empty(), null),
            new CategoricalParam("optimizer", List.of("adam", "nesterov"), Optional.empty(), null),
            new FloatParam("momentum", 0.8, 0.99, false, null, NESTEROV, null),
            new CategoricalParam("nesterov_variant", List.of("plain", "lookahead"),
                    NESTEROV, null),
            new FixedParam("k", 5L, Optional.of(new Condition("nesterov_variant", List.of("lookahead"))), null),
            new FixedParam("epochs", 15L, Optional.empty(), null),
            new DerivedParam("lr", Expression.parse("base_lr * batch_size / 256", null), Optional.empty(), null)));

    @Test
    void derivedValueFollowsTheLinearScalingRule() {
        Map<String, Object> v = SPACE.resolve(Map.of("base_lr", 0.1, "batch_size", 512L, "optimizer", "adam"));
        assertEquals(0.2, (Double) v.get("lr"), 1e-15);
        assertEquals(15L, v.get("epochs"));
    }

    @Test
    void conditionOffLeavesTheParameterAndItsChildrenOut() {
        Map<String, Object> v = SPACE.resolve(Map.of("base_lr", 0.01, "batch_size", 32L, "optimizer", "adam",
                "momentum", 0.9, "nesterov_variant", "lookahead"));
        assertFalse(v.containsKey("momentum"));
        assertFalse(v.containsKey("nesterov_variant"));
        // k's parent is switched off, so k is off too although its own condition names a value given above
        assertFalse(v.containsKey("k"));
        assertEquals(List.of("base_lr", "batch_size", "optimizer", "epochs", "lr"), List.copyOf(v.keySet()));
    }

    @Test
    void conditionOnSetsTheChainInOrder() {
        Map<String, Object> v = SPACE.resolve(Map.of("base_lr", 0.01, "batch_size", 32L, "optimizer", "nesterov",
                "momentum", 0.9, "nesterov_variant", "lookahead"));
        assertEquals(0.9, v.get("momentum"));
        assertEquals(5L, v.get("k"));
        assertEquals(List.of("base_lr", "batch_size", "optimizer", "momentum", "nesterov_variant", "k", "epochs", "lr"),
                List.copyOf(v.keySet()));
    }

    @Test
    void assignAsksOnlyForActiveSearchableParameters() {
        List<String> asked = new java.util.ArrayList<>();
        Map<String, Object> v = SPACE.assign(p -> {
            asked.add(p.name());
            return p.fromUnit(0.0);
        });
        assertEquals(List.of("base_lr", "batch_size", "optimizer"), asked);
        assertEquals(1e-4 * 32 / 256, (Double) v.get("lr"), 1e-18);
    }

    @Test
    void resolveNeedsEveryActiveValue() {
        UserError e = assertThrows(UserError.class,
                () -> SPACE.resolve(Map.of("base_lr", 0.01, "batch_size", 32L, "optimizer", "nesterov")));
        assertEquals("parameter 'momentum' needs a value", e.getMessage());
    }

    @Test
    void resolveRefusesValuesOutsideTheRange() {
        UserError e = assertThrows(UserError.class,
                () -> SPACE.resolve(Map.of("base_lr", 0.5, "batch_size", 32L, "optimizer", "adam")));
        assertEquals("parameter 'base_lr' = 0.5 is outside its range", e.getMessage());
        assertThrows(UserError.class, () -> SPACE.resolve(Map.of("base_lr", 0.01, "batch_size", 48L, "optimizer", "adam")));
    }

    @Test
    void searchableAndGetFollowTheOrder() {
        assertEquals(List.of("base_lr", "batch_size", "optimizer", "momentum", "nesterov_variant"),
                SPACE.searchable().stream().map(Param::name).toList());
        assertTrue(SPACE.get("lr").orElseThrow() instanceof DerivedParam);
        assertEquals(Optional.empty(), SPACE.get("nope"));
    }
}
