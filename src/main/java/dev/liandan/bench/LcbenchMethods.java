package dev.liandan.bench;

import dev.liandan.core.UserError;
import dev.liandan.space.PrunerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The methods {@code bench lcbench} knows, each a sampler and a pruner as a space file names them
 * ({@code search.sampler}, {@code search.pruner}); successive-halving pruners use LCBench's own
 * fidelity range: rungs from epoch 1, reduction factor 3, up to 52 epochs.
 */
public final class LcbenchMethods {
    private LcbenchMethods() {
    }

    private static PrunerSpec halving(String name) {
        return PrunerSpec.of(name, "min_resource", 1L, "reduction_factor", 3L);
    }

    public static List<LcbenchBench.Method> all() {
        return List.of(
                LcbenchBench.Method.of("random", "random", PrunerSpec.none(null)),
                LcbenchBench.Method.of("tpe", "tpe", PrunerSpec.none(null)),
                LcbenchBench.Method.of("gp", "gp", PrunerSpec.none(null)),
                LcbenchBench.Method.of("auto", "auto", PrunerSpec.none(null)),
                LcbenchBench.Method.of("random+median", "random", PrunerSpec.of("median")),
                LcbenchBench.Method.of(LcbenchReport.ASHA, "random", halving("asha")),
                LcbenchBench.Method.of("random+hyperband", "random", halving("hyperband")),
                LcbenchBench.Method.of("tpe+hyperband", "tpe", halving("hyperband")),
                LcbenchBench.Method.of("auto+hyperband", "auto", halving("hyperband")),
                LcbenchBench.Method.of("bohb", "bohb", halving("hyperband")),
                LcbenchBench.Method.of("bohb+asha", "bohb", halving("asha")),
                LcbenchBench.Method.of("random+pasha", "random", halving("pasha")),
                LcbenchBench.Method.of("bohb+pasha", "bohb", halving("pasha")),
                LcbenchBench.Method.of("random+curve", "random", PrunerSpec.of("curve")),
                LcbenchBench.Method.of("tpe+curve", "tpe", PrunerSpec.of("curve")),
                LcbenchBench.Method.of("bohb+curve", "bohb", PrunerSpec.of("curve")));
    }

    /** The labels run when none are named: every method but the slow full-fidelity GP and those of auto (a GP at first). */
    public static List<String> defaults() {
        return all().stream().map(LcbenchBench.Method::label).filter(l -> !l.equals("gp") && !l.startsWith("auto")).toList();
    }

    /** The methods of these labels, in the order given; an unknown label is a user error. */
    public static List<LcbenchBench.Method> byLabels(List<String> labels) {
        Map<String, LcbenchBench.Method> known = new java.util.LinkedHashMap<>();
        all().forEach(m -> known.put(m.label(), m));
        List<LcbenchBench.Method> out = new ArrayList<>();
        for (String l : labels) {
            LcbenchBench.Method m = known.get(l.strip());
            if (m == null) {
                throw new UserError("unknown method '" + l.strip() + "' for --methods: expected one of "
                        + String.join(", ", known.keySet()));
            }
            out.add(m);
        }
        return out;
    }
}
