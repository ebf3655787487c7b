package dev.liandan.bench;

import dev.liandan.core.UserError;
import dev.liandan.pruner.Pruners;
import dev.liandan.sampler.Samplers;
import dev.liandan.space.PrunerSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods {@code bench lcbench} knows, each a sampler and a pruner as a space file names them
 * ({@code search.sampler}, {@code search.pruner}); successive-halving pruners use LCBench's own
 * fidelity range: rungs from epoch 1, reduction factor 3, up to 52 epochs.
 */
public final class LcbenchMethods {
    private LcbenchMethods() {
    }

    /**
     * The GP that learns from stopped trials too, with learning-curve stopping; the GP sees at most
     * 100 trials (the best 50 and the 50 latest) so that an ask stays cheap among hundreds of
     * stopped trials.
     */
    public static final String GP_CURVE = "gp+curve";

    /** Pruners that take successive halving's rungs. */
    private static final Set<String> HALVING = Set.of("asha", "hyperband", "pasha");

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
                LcbenchBench.Method.of("bohb+curve", "bohb", PrunerSpec.of("curve")),
                new LcbenchBench.Method(GP_CURVE, "gp", Map.of("pruned_trials", true, "max_history", 100L),
                        PrunerSpec.of("curve")));
    }

    /** The labels run when none are named: every method but the slow full-fidelity GP and those of auto (a GP at first). */
    public static List<String> defaults() {
        return all().stream().map(LcbenchBench.Method::label).filter(l -> !l.equals("gp") && !l.startsWith("auto")).toList();
    }

    /**
     * A method not in the list, written SAMPLER+PRUNER with any registered sampler and pruner (a
     * successive-halving pruner with LCBench's rungs, as above); anything else is a user error.
     */
    private static LcbenchBench.Method composed(String label, Collection<String> known) {
        String[] parts = label.split("\\+", -1);
        Set<String> samplers = new TreeSet<>();
        Samplers.all().forEach(s -> samplers.add(s.name()));
        Set<String> pruners = new TreeSet<>();
        Pruners.all().forEach(p -> pruners.add(p.name()));
        if (parts.length != 2 || !samplers.contains(parts[0]) || !pruners.contains(parts[1])) {
            throw new UserError("unknown method '" + label + "' for --methods: expected one of "
                    + String.join(", ", known) + ", or SAMPLER+PRUNER with a sampler of " + String.join(", ", samplers)
                    + " and a pruner of " + String.join(", ", pruners));
        }
        PrunerSpec pruner = HALVING.contains(parts[1]) ? halving(parts[1]) : PrunerSpec.of(parts[1]);
        return LcbenchBench.Method.of(label, parts[0], pruner);
    }

    /** The methods of these labels, in the order given; an unknown label is a user error. */
    public static List<LcbenchBench.Method> byLabels(List<String> labels) {
        Map<String, LcbenchBench.Method> known = new LinkedHashMap<>();
        all().forEach(m -> known.put(m.label(), m));
        List<LcbenchBench.Method> out = new ArrayList<>();
        for (String l : labels) {
            LcbenchBench.Method m = known.get(l.strip());
            out.add(m != null ? m : composed(l.strip(), known.keySet()));
        }
        return out;
    }
}
