package dev.liandan.sampler;

import dev.liandan.core.Direction;
import dev.liandan.space.FloatParam;
import dev.liandan.space.Space;
import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridSamplerTest {
    private final GridSampler grid = new GridSampler();

    @Test
    void everyCombinationOnceWithConditionalsOnlyWhereActive() {
        // adam×2 + sgd×2 + nesterov×2 momenta×2 = 8 distinct configurations
        Space space = SamplerTestSpaces.finite();
        Set<Map<String, Object>> seen = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> c = grid.sample(new SampleRequest(space, List.of(), Direction.MAXIMIZE, 5, i)).orElseThrow();
            assertTrue(seen.add(c), "repeated " + c);
        }
        assertEquals(8, seen.size());
        assertTrue(seen.contains(Map.of("optimizer", "nesterov", "momentum", 0.9, "units", 64L)));
        assertTrue(seen.contains(Map.of("optimizer", "adam", "units", 32L)));
        assertEquals(Optional.empty(), grid.sample(new SampleRequest(space, List.of(), Direction.MAXIMIZE, 5, 8)));
    }

    @Test
    void refusesAContinuousFloat() {
        Space space = new Space(List.of(new FloatParam("lr", 1e-4, 1e-1, true, null, Optional.empty(), null)));
        UserError e = assertThrows(UserError.class, () -> grid.check(space));
        assertTrue(e.getMessage().contains("'lr' is a continuous float"), e.getMessage());
    }

    @Test
    void unknownSamplerNameListsTheKnownOnes() {
        UserError e = assertThrows(UserError.class, () -> Samplers.byName("tpee", null));
        assertEquals("unknown sampler 'tpee': expected one of auto, bohb, cmaes, genetic, gp, grid, nsga2, random, sobol, tpe", e.getMessage());
    }
}
