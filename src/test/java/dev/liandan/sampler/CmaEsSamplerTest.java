package dev.liandan.sampler;

import dev.liandan.core.Observation;
import dev.liandan.space.CategoricalParam;
import dev.liandan.core.Direction;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmaEsSamplerTest {

    private static final Space PLANE = new Space(List.of(
            new FloatParam("a", -5, 5, false, null, Optional.empty(), null),
            new FloatParam("b", -5, 5, false, null, Optional.empty(), null),
            new CategoricalParam("c", List.of("x", "y"), Optional.empty(), null)));

    private static double sphere(Map<String, Object> c) {
        return Math.pow((Double) c.get("a") - 1.3, 2) + Math.pow((Double) c.get("b") + 2.1, 2);
    }

    @Test
    void convergesOnATwoDimensionalSphere() {
        for (long seed : new long[]{1, 2}) {
            List<Observation> h = TpeSamplerTest.minimise(new CmaEsSampler(), PLANE, CmaEsSamplerTest::sphere, seed, 150);
            double best = h.stream().mapToDouble(Observation::value).min().orElseThrow();
            assertTrue(best < 1e-4, "seed " + seed + ": best " + best);
            double lastTen = h.subList(140, 150).stream().mapToDouble(Observation::value).max().orElseThrow();
            assertTrue(lastTen < 1e-2, "the whole last generation is near the optimum: " + lastTen);
            // the categorical parameter is drawn at random all along
            Set<Object> cs = h.subList(100, 150).stream().map(o -> o.params().get("c")).collect(Collectors.toSet());
            assertEquals(Set.of("x", "y"), cs);
        }
    }

    @Test
    void maximisingFollowsTheDirection() {
        List<Observation> h = TpeSamplerTest.minimise(new CmaEsSampler(), PLANE, c -> sphere(c), 3, 60);
        // told as MAXIMIZE with the negated values, the sampler proposes exactly the same next point
        List<Observation> negated = h.stream().map(o -> new Observation(o.number(), o.params(), o.state(),
                -o.value(), List.of())).toList();
        assertEquals(new CmaEsSampler().sample(new SampleRequest(PLANE, h, Direction.MINIMIZE, 3, 60)),
                new CmaEsSampler().sample(new SampleRequest(PLANE, negated, Direction.MAXIMIZE, 3, 60)));
    }

    @Test
    void restartsWhenAnIntegerSpaceIsExhaustedAndStaysValid() {
        // two integers with a flat optimum: the run converges on a plateau and restarts with a larger population
        Space ints = new Space(List.of(new IntParam("i", 0, 3, false, 1, Optional.empty(), null),
                new IntParam("j", 0, 3, false, 1, Optional.empty(), null)));
        CmaEsSampler cma = new CmaEsSampler();
        List<Observation> h = TpeSamplerTest.minimise(cma, ints, c -> 0.0, 9, 400);
        for (Observation o : h) {
            assertTrue(ints.searchable().get(0).contains(o.params().get("i")));
            assertTrue(ints.searchable().get(1).contains(o.params().get("j")));
        }
        List<CmaEsSampler.Point> points = h.stream().map(o -> new CmaEsSampler.Point(
                TpeSampler.units(ints.searchable(), o.params()), o.value())).toList();
        CmaEsSampler.State state = cma.replay(2, points, 9);
        assertTrue(state.restarts >= 1, "restarted: " + state.restarts);
        assertEquals(6 << state.restarts, state.lambda);
    }

    @Test
    void theCacheDoesNotChangeTheAnswer() {
        List<Observation> h = TpeSamplerTest.minimise(new CmaEsSampler(), PLANE, CmaEsSamplerTest::sphere, 4, 40);
        List<CmaEsSampler.Point> points = h.stream().map(o -> new CmaEsSampler.Point(
                TpeSampler.units(PLANE.searchable().subList(0, 2), o.params()), o.value())).toList();
        CmaEsSampler.State cached = new CmaEsSampler().replay(2, points, 4);
        // a population the cache has never seen (an option) gives another state; the default again the cached one
        CmaEsSampler.State other = ((CmaEsSampler) new CmaEsSampler().configure(Map.of("population", 5)))
                .replay(2, points, 4);
        assertEquals(5, other.lambda);
        assertTrue(other.generation != cached.generation);
        assertEquals(cached.sigma, new CmaEsSampler().replay(2, points, 4).sigma);
    }

    @Test
    void optionsAreChecked() {
        assertThrows(OptionError.class, () -> new CmaEsSampler().configure(Map.of("population", 1L)));
        assertThrows(OptionError.class, () -> new CmaEsSampler().configure(Map.of("sigma", 0.2)));
        assertEquals("cmaes", new CmaEsSampler().configure(Map.of("sigma0", 0.3, "restarts", false)).name());
    }
}
