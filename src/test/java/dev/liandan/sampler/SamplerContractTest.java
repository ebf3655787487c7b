package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every registered sampler promises, checked on the same spaces. */
class SamplerContractTest {

    /**
     * Sequential ask/tell: each configuration is told (COMPLETE, or FAILED every seventh) before the
     * next ask, so that model-based samplers run their models, not only their start-up phase.
     */
    private static List<Map<String, Object>> run(String sampler, Space space, long seed, int n) {
        Sampler s = Samplers.byName(sampler, null);
        List<Map<String, Object>> out = new ArrayList<>();
        List<Observation> history = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Optional<Map<String, Object>> c = s.sample(new SampleRequest(space, List.copyOf(history),
                    dev.liandan.core.Direction.MAXIMIZE, seed, i));
            if (c.isEmpty()) {
                continue;
            }
            out.add(c.get());
            boolean failed = i % 7 == 6;
            history.add(new Observation(i, c.get(), failed ? TrialState.FAILED : TrialState.COMPLETE,
                    failed ? null : (double) Math.floorMod(c.get().hashCode(), 1000), List.of()));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "sobol", "grid", "tpe", "cmaes", "genetic", "gp", "auto"})
    void sameSeedSameTrials(String sampler) {
        Space space = sampler.equals("grid") ? SamplerTestSpaces.finite() : SamplerTestSpaces.mixed();
        assertEquals(run(sampler, space, 7, 10), run(sampler, space, 7, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "sobol", "grid", "tpe", "cmaes", "genetic", "gp", "auto"})
    void otherSeedOtherTrials(String sampler) {
        Space space = sampler.equals("grid") ? SamplerTestSpaces.finite() : SamplerTestSpaces.mixed();
        assertNotEquals(run(sampler, space, 7, 10), run(sampler, space, 8, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "sobol", "tpe", "cmaes", "genetic", "gp", "auto"})
    void valuesInsideTheSpaceAndConditionsRespected(String sampler) {
        Space space = SamplerTestSpaces.mixed();
        for (Map<String, Object> config : run(sampler, space, 3, 200)) {
            for (SearchableParam p : space.searchable()) {
                if (config.containsKey(p.name())) {
                    assertTrue(p.contains(config.get(p.name())), p.name() + "=" + config.get(p.name()));
                }
            }
            assertEquals("nesterov".equals(config.get("optimizer")), config.containsKey("momentum"), config.toString());
            double lr = (Double) config.get("base_lr") * ((Long) config.get("batch_size")) / 256;
            assertEquals(lr, (Double) config.get("lr"), 1e-15);
            assertEquals(5L, config.get("epochs"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "sobol", "tpe", "cmaes", "genetic", "gp", "auto"})
    void coversEveryChoiceAndBothEndsOfLogRange(String sampler) {
        List<Map<String, Object>> configs = run(sampler, SamplerTestSpaces.mixed(), 11, 64);
        Set<Object> layers = new HashSet<>();
        Set<Object> batches = new HashSet<>();
        boolean low = false;
        boolean high = false;
        for (Map<String, Object> c : configs) {
            layers.add(c.get("layers"));
            batches.add(c.get("batch_size"));
            double lr = (Double) c.get("base_lr");
            low |= lr < 1e-3;
            high |= lr > 1e-2;
        }
        assertEquals(Set.of(1L, 2L, 3L, 4L), layers);
        assertEquals(3, batches.size());
        assertTrue(low && high, "log range covered at both ends");
    }

    @org.junit.jupiter.api.Test
    void sobolIsMoreEvenThanRandomInOneDimension() {
        // the largest gap between 32 sorted points: a low-discrepancy sequence leaves no big holes
        Space space = new Space(List.of(new dev.liandan.space.FloatParam("x", 0, 1, false, null,
                java.util.Optional.empty(), null)));
        assertTrue(largestGap(run("sobol", space, 1, 32)) < 2.0 / 32 + 1e-12);
        assertFalse(largestGap(run("random", space, 1, 32)) < 2.0 / 32);
    }

    private static double largestGap(List<Map<String, Object>> configs) {
        double[] xs = configs.stream().mapToDouble(c -> (Double) c.get("x")).sorted().toArray();
        double gap = Math.max(xs[0], 1 - xs[xs.length - 1]);
        for (int i = 1; i < xs.length; i++) {
            gap = Math.max(gap, xs[i] - xs[i - 1]);
        }
        return gap;
    }
}
