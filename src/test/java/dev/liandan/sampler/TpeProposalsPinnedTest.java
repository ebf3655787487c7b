package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.core.Direction;
import dev.liandan.space.SamplerOptions;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TPE's proposals, pinned: a hash of 150 sequential proposals per configuration, computed with the
 * sampler before its speed-ups (main at 3745d2c). Same seed and history must give the same trials
 * bit for bit, so a change meant only to be faster must leave these hashes alone. The history has
 * every state (PRUNED at two depths, FAILED, RUNNING trials finishing two asks later) and, in the
 * "fresh" runs, new parameter maps on every read, as a storage that re-reads gives them.
 */
class TpeProposalsPinnedTest {

    private static long proposals(Map<String, Object> options, Direction direction, boolean fresh) {
        Space space = SamplerTestSpaces.mixed();
        Sampler tpe = Samplers.configured(new SearchSpec("tpe", 150, 7, null, SamplerOptions.of(options)));
        List<Observation> history = new ArrayList<>();
        long hash = 1;
        for (int i = 0; i < 150; i++) {
            List<Observation> view = new ArrayList<>();
            for (Observation o : history) {
                view.add(fresh ? new Observation(o.number(), new LinkedHashMap<>(o.params()), o.state(), o.value(),
                        o.intermediates()) : o);
            }
            Map<String, Object> p = tpe.sample(new SampleRequest(space, view, direction, 7, i)).orElseThrow();
            hash = hash * 1_000_003 + bits(p);
            double v = Math.abs(Math.log10((Double) p.get("base_lr")) + 2.5) + 0.1 * ((Long) p.get("layers"))
                    + (p.containsKey("momentum") ? (Double) p.get("momentum") - 0.9 : 0.05)
                    + ((Long) p.get("batch_size")) / 640.0;
            TrialState state = i % 11 == 5 ? TrialState.FAILED : i % 7 == 3 ? TrialState.PRUNED : TrialState.COMPLETE;
            List<Double> epochs = state == TrialState.PRUNED ? List.of(v + 1, v + 0.5).subList(0, 1 + i % 2) : List.of();
            history.add(new Observation(i, p, state, state == TrialState.FAILED ? null : v, epochs));
            if (history.size() >= 3) {
                Observation o = history.get(history.size() - 3);
                if (o.state() == TrialState.RUNNING) {
                    history.set(history.size() - 3, new Observation(o.number(), o.params(), TrialState.COMPLETE, v * 0.9,
                            List.of()));
                }
            }
            if (i % 5 == 0) {
                Observation o = history.get(history.size() - 1);
                history.set(history.size() - 1, new Observation(o.number(), o.params(), TrialState.RUNNING, null, List.of()));
            }
        }
        return hash;
    }

    /** The proposal's names and exact values (doubles by their bits, not by their printed form, which JDKs differ on). */
    private static long bits(Map<String, Object> p) {
        long h = 0;
        for (Map.Entry<String, Object> e : p.entrySet()) {
            Object v = e.getValue();
            long x = v instanceof Double d ? Double.doubleToLongBits(d) : v instanceof Long l ? l : v.hashCode();
            h = h * 31 + e.getKey().hashCode() * 17L + x;
        }
        return h;
    }

    @Test
    void univariate() {
        assertEquals(EXPECTED[0], proposals(Map.of(), Direction.MINIMIZE, false));
        assertEquals(EXPECTED[0], proposals(Map.of(), Direction.MINIMIZE, true));
    }

    @Test
    void multivariateWithConstantLiar() {
        assertEquals(EXPECTED[1], proposals(Map.of("multivariate", true, "constant_liar", true), Direction.MINIMIZE, false));
    }

    @Test
    void maximisingWithoutBandwidthWeighting() {
        assertEquals(EXPECTED[2], proposals(Map.of("bandwidth_weighting", false, "gamma", 0.25), Direction.MAXIMIZE, false));
    }

    @Test
    void constantLiarOnFreshMaps() {
        assertEquals(EXPECTED[3], proposals(Map.of("constant_liar", true), Direction.MINIMIZE, true));
    }

    /** From main at 3745d2c (see the class comment). */
    private static final long[] EXPECTED = {7561811128208750375L, -4445507275522263116L, -1989973330331900707L,
            -3310429406262796513L};
}
