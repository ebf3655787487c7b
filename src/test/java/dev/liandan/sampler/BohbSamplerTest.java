package dev.liandan.sampler;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.space.FloatParam;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BohbSamplerTest {
    private static final Space SPACE = new Space(List.of(
            new FloatParam("x", 0, 1, false, null, Optional.empty(), null),
            new FloatParam("y", 0, 1, false, null, Optional.empty(), null)));

    /** A successive-halving history: every trial ran 1 epoch, every third 3, every ninth 9; best near x = 0.2. */
    private static List<Observation> history(int n) {
        List<Observation> h = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = ((i * 0.618034) % 1);
            double y = ((i * 0.381966 + 0.5) % 1);
            double quality = -Math.abs(x - 0.2);
            int epochs = i % 9 == 0 ? 9 : i % 3 == 0 ? 3 : 1;
            List<Double> curve = new ArrayList<>();
            for (int e = 1; e <= epochs; e++) {
                curve.add(quality + 0.01 * e);
            }
            h.add(new Observation(i, Map.of("x", x, "y", y), epochs == 9 ? TrialState.COMPLETE : TrialState.PRUNED,
                    curve.get(epochs - 1), curve));
        }
        return h;
    }

    @Test
    void modelsTheLargestEpochThatEnoughTrialsReached() {
        BohbSampler bohb = new BohbSampler();
        // 2 parameters: 3 + 2 = 5 points needed; 30 trials: 30 reached epoch 1, 10 epoch 3, 4 epoch 9
        List<Observation> at = bohb.valuesAtLargestBudget(new SampleRequest(SPACE, history(30), Direction.MAXIMIZE, 1, 30));
        assertEquals(10, at.size());
        for (Observation o : at) {
            assertEquals(3, o.intermediates().size());
            assertEquals(o.intermediates().get(2), o.value());
        }
        assertEquals(List.of(), bohb.valuesAtLargestBudget(new SampleRequest(SPACE, history(4), Direction.MAXIMIZE, 1, 4)));
    }

    @Test
    void withoutEnoughDataItSamplesAsRandomDoes() {
        Sampler bohb = new BohbSampler();
        Sampler random = new RandomSampler();
        for (int i = 0; i < 20; i++) {
            SampleRequest r = new SampleRequest(SPACE, history(4), Direction.MAXIMIZE, 5, i);
            assertEquals(random.sample(r), bohb.sample(r));
        }
    }

    @Test
    void proposalsGatherWhereTheGoodTrialsAre() {
        Sampler model = new BohbSampler().configure(Map.of("random_fraction", 0.0));
        Sampler random = new RandomSampler();
        List<Observation> h = history(60);
        List<Double> modelled = new ArrayList<>();
        List<Double> uniform = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            SampleRequest r = new SampleRequest(SPACE, h, Direction.MAXIMIZE, 3, 60 + i);
            modelled.add(Math.abs((Double) model.sample(r).orElseThrow().get("x") - 0.2));
            uniform.add(Math.abs((Double) random.sample(r).orElseThrow().get("x") - 0.2));
        }
        Collections.sort(modelled);
        Collections.sort(uniform);
        assertTrue(modelled.get(20) < uniform.get(20) / 2,
                "median distance to the best x: model " + modelled.get(20) + ", random " + uniform.get(20));
    }

    @Test
    void sameSeedSameProposals() {
        Sampler bohb = new BohbSampler();
        List<Observation> h = history(60);
        for (int i = 0; i < 10; i++) {
            SampleRequest r = new SampleRequest(SPACE, h, Direction.MAXIMIZE, 11, 60 + i);
            assertEquals(bohb.sample(r), bohb.sample(r));
        }
    }

    @Test
    void refusesBadOptions() {
        assertThrows(OptionError.class, () -> new BohbSampler().configure(Map.of("random_fraction", 1.5)));
        assertThrows(OptionError.class, () -> new BohbSampler().configure(Map.of("random_fraction", -0.1)));
        assertThrows(OptionError.class, () -> new BohbSampler().configure(Map.of("bandwidth", 3)));
        assertEquals("bohb", Samplers.byName("bohb", null).name());
    }
}
