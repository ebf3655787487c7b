package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.space.CategoricalParam;
import dev.liandan.core.Direction;
import dev.liandan.space.FloatParam;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneticSamplerTest {
    private static final Space SPACE = new Space(List.of(
            new FloatParam("a", -5, 5, false, null, Optional.empty(), null),
            new FloatParam("b", 1e-4, 1, true, null, Optional.empty(), null),
            new CategoricalParam("c", List.of("x", "y", "z"), Optional.empty(), null)));

    private static double f(Map<String, Object> c) {
        return Math.pow((Double) c.get("a") - 2, 2) + Math.pow(Math.log10((Double) c.get("b")) + 2, 2)
                + ("z".equals(c.get("c")) ? 0 : 1);
    }

    @Test
    void sameSeedSameTrialsAndValidValues() {
        List<Observation> one = TpeSamplerTest.minimise(new GeneticSampler(), SPACE, GeneticSamplerTest::f, 5, 60);
        List<Observation> two = TpeSamplerTest.minimise(new GeneticSampler(), SPACE, GeneticSamplerTest::f, 5, 60);
        assertEquals(one, two);
        assertNotEquals(one, TpeSamplerTest.minimise(new GeneticSampler(), SPACE, GeneticSamplerTest::f, 6, 60));
        for (Observation o : one) {
            for (SearchableParam p : SPACE.searchable()) {
                assertTrue(p.contains(o.params().get(p.name())), o.params().toString());
            }
        }
    }

    @Test
    void breedingImprovesOnTheRandomPhase() {
        // three genes: population 12, culled to 8: the first 8 trials are random, the rest children of the fittest
        int better = 0;
        for (long seed = 0; seed < 5; seed++) {
            List<Observation> h = TpeSamplerTest.minimise(new GeneticSampler(), SPACE, GeneticSamplerTest::f, seed, 80);
            double randomBest = h.subList(0, 8).stream().mapToDouble(Observation::value).min().orElseThrow();
            double bredBest = h.subList(8, 80).stream().mapToDouble(Observation::value).min().orElseThrow();
            double randomMedian = h.subList(0, 8).stream().mapToDouble(Observation::value).sorted().toArray()[4];
            double bredMedian = h.subList(60, 80).stream().mapToDouble(Observation::value).sorted().toArray()[10];
            assertTrue(bredMedian < randomMedian, "children are fitter than random genes: " + bredMedian
                    + " vs " + randomMedian);
            better += bredBest < randomBest ? 1 : 0;
        }
        assertTrue(better >= 4, "breeding beat the random phase in " + better + " of 5 seeds");
    }

    @Test
    void conditionalParametersGetGenesAndStayConditional() {
        Space space = SamplerTestSpaces.mixed();
        List<Observation> h = new ArrayList<>();
        GeneticSampler g = new GeneticSampler();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> c = g.sample(new SampleRequest(space, List.copyOf(h), Direction.MAXIMIZE, 3, i)).orElseThrow();
            assertEquals("nesterov".equals(c.get("optimizer")), c.containsKey("momentum"), c.toString());
            h.add(new Observation(i, c, i % 7 == 3 ? TrialState.FAILED : TrialState.COMPLETE,
                    i % 7 == 3 ? null : (Double) c.get("base_lr"), List.of()));
        }
    }

    @Test
    void optionsAreChecked() {
        assertThrows(OptionError.class, () -> new GeneticSampler().configure(Map.of("population", 2)));
        assertThrows(OptionError.class, () -> new GeneticSampler().configure(Map.of("mutation", 0.1)));
        GeneticSampler small = (GeneticSampler) new GeneticSampler().configure(Map.of("population", 6, "mutation_rate", 0.5));
        assertEquals(6, small.population(3));
        assertEquals(12, new GeneticSampler().population(3));
        assertEquals(30, new GeneticSampler().population(10));
    }
}
