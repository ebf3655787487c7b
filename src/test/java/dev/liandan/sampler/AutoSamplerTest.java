package dev.liandan.sampler;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.space.CategoricalParam;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoSamplerTest {

    /** Numeric and categorical parameters, none conditional: the GP's kind of space. */
    private static final Space FLAT = new Space(List.of(
            new FloatParam("a", -5, 5, false, null, Optional.empty(), null),
            new FloatParam("lr", 1e-4, 1, true, null, Optional.empty(), null),
            new IntParam("n", 1, 8, false, 1, Optional.empty(), null),
            new CategoricalParam("c", List.of("p", "q", "r"), Optional.empty(), null)));

    private static double value(Map<String, Object> c) {
        double a = (Double) c.get("a");
        double lr = Math.log10((Double) c.get("lr"));
        long n = (Long) c.get("n");
        return Math.pow(a - 1, 2) + Math.pow(lr + 2, 2) + 0.1 * Math.abs(n - 5) + ("q".equals(c.get("c")) ? 0 : 1);
    }

    /** {@code complete} COMPLETE trials of random configurations, then {@code others} trials in {@code state}. */
    private static List<Observation> history(Space space, int complete, int others, TrialState state) {
        List<Observation> h = new ArrayList<>();
        RandomSampler random = new RandomSampler();
        for (int i = 0; i < complete + others; i++) {
            Map<String, Object> c = random.sample(new SampleRequest(space, List.of(), Direction.MINIMIZE, 1, i))
                    .orElseThrow();
            boolean done = i < complete;
            h.add(new Observation(i, c, done ? TrialState.COMPLETE : state, done || state == TrialState.PRUNED
                    ? Double.valueOf(i) : null, state == TrialState.PRUNED && !done ? List.of(1.0, 2.0) : List.of()));
        }
        return h;
    }

    private static Sampler chosen(Sampler auto, Space space, List<Observation> history, List<Direction> directions) {
        return ((AutoSampler) auto).delegate(new SampleRequest(space, history, directions.get(0), 1, history.size(),
                directions));
    }

    private static Sampler chosen(Space space, List<Observation> history) {
        return chosen(new AutoSampler(), space, history, List.of(Direction.MINIMIZE));
    }

    @Test
    void gpForAFlatSpaceUntilItsTrialThresholdThenTpe() {
        assertInstanceOf(GpSampler.class, chosen(FLAT, List.of()));
        assertInstanceOf(GpSampler.class, chosen(FLAT, history(FLAT, AutoSampler.GP_TRIALS - 1, 0, null)));
        assertInstanceOf(TpeSampler.class, chosen(FLAT, history(FLAT, AutoSampler.GP_TRIALS, 0, null)));
        // failed and running trials are not complete ones: the GP stays
        assertInstanceOf(GpSampler.class, chosen(FLAT, history(FLAT, AutoSampler.GP_TRIALS - 1, 30, TrialState.FAILED)));
        assertInstanceOf(GpSampler.class, chosen(FLAT, history(FLAT, AutoSampler.GP_TRIALS - 1, 3, TrialState.RUNNING)));
    }

    @Test
    void tpeForConditionalSpacesAndOncePrunedTrialsAppear() {
        Space conditional = SamplerTestSpaces.mixed();
        assertInstanceOf(TpeSampler.class, chosen(conditional, List.of()));
        assertInstanceOf(TpeSampler.class, chosen(conditional, history(conditional, 20, 0, null)));
        assertInstanceOf(GpSampler.class, chosen(FLAT, history(FLAT, 20, 0, null)));
        assertInstanceOf(TpeSampler.class, chosen(FLAT, history(FLAT, 20, 1, TrialState.PRUNED)));
    }

    @Test
    void nsga2ForSeveralObjectives() {
        List<Direction> two = List.of(Direction.MINIMIZE, Direction.MAXIMIZE);
        assertInstanceOf(Nsga2Sampler.class, chosen(new AutoSampler(), FLAT, List.of(), two));
        assertInstanceOf(Nsga2Sampler.class, chosen(new AutoSampler(), SamplerTestSpaces.mixed(), List.of(), two));
        assertTrue(new AutoSampler().severalObjectives());
    }

    @Test
    void gpTrialsOptionMovesTheThreshold() {
        Sampler early = new AutoSampler().configure(Map.of("gp_trials", 12));
        List<Direction> one = List.of(Direction.MINIMIZE);
        assertInstanceOf(GpSampler.class, chosen(early, FLAT, history(FLAT, 11, 0, null), one));
        assertInstanceOf(TpeSampler.class, chosen(early, FLAT, history(FLAT, 12, 0, null), one));
        assertInstanceOf(TpeSampler.class, chosen(new AutoSampler().configure(Map.of("gp_trials", 0)), FLAT,
                List.of(), one));
        OptionError e = assertThrows(OptionError.class, () -> new AutoSampler().configure(Map.of("gp_trial", 12)));
        assertEquals("gp_trial", e.key());
    }

    @Test
    void proposesWhatItsDelegateProposesSoTheSameSeedGivesTheSameTrials() {
        Sampler auto = new AutoSampler().configure(Map.of("gp_trials", 14));
        List<Observation> a = TpeSamplerTest.minimise(auto, FLAT, AutoSamplerTest::value, 5, 18);
        assertEquals(a, TpeSamplerTest.minimise(new AutoSampler().configure(Map.of("gp_trials", 14)), FLAT,
                AutoSamplerTest::value, 5, 18));
        assertNotEquals(a.get(17).params(),
                TpeSamplerTest.minimise(auto, FLAT, AutoSamplerTest::value, 6, 18).get(17).params());
        // the first 14 are the GP's own sequence, the rest TPE's answers to the same history
        assertEquals(TpeSamplerTest.minimise(new GpSampler(), FLAT, AutoSamplerTest::value, 5, 14), a.subList(0, 14));
        for (int i = 14; i < 18; i++) {
            SampleRequest r = new SampleRequest(FLAT, a.subList(0, i), Direction.MINIMIZE, 5, i);
            assertEquals(new TpeSampler().sample(r).orElseThrow(), a.get(i).params());
            // a worker that only sees the stored history proposes the same point
            assertEquals(a.get(i).params(), new AutoSampler().configure(Map.of("gp_trials", 14)).sample(r).orElseThrow());
        }
    }
}
