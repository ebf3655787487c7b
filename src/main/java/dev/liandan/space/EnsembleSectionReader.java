package dev.liandan.space;

import java.util.List;

/**
 * Reads the optional {@code ensemble:} section ({@code ensemble: {method: caruana, top_k: 10}}).
 * Without the section a sweep builds no ensemble; an empty section ({@code ensemble:}) means
 * every key at its default.
 */
final class EnsembleSectionReader {
    static final List<String> KEYS = List.of("method", "top_k", "size", "seeds_per_config", "reseed_top", "weights",
            "zip");
    private static final int MAX_COUNT = 10_000;

    private EnsembleSectionReader() {
    }

    /** The section, or null when the file has none. */
    static EnsembleSpec read(YamlNode.Entry entry) {
        if (entry == null) {
            return null;
        }
        YamlNode.Mapping m = Nodes.optionalMapping(entry.value(), "ensemble");
        Nodes.onlyKeys(m, KEYS, "ensemble");
        EnsembleSpec d = EnsembleSpec.defaults();
        String method = m.get("method") == null ? d.method()
                : Nodes.word(m.get("method"), "ensemble.method", EnsembleSpec.METHODS);
        String weights = m.get("weights") == null ? d.weights()
                : Nodes.word(m.get("weights"), "ensemble.weights", EnsembleSpec.WEIGHTS);
        if (m.get("weights") != null && weights.equals("fitted") && !method.equals("soft_vote")) {
            throw new SpaceError(m.get("weights").location(), "ensemble.weights: fitted weights are for method"
                    + " soft_vote only (method is " + method + ")");
        }
        boolean zip = m.get("zip") != null && Nodes.bool(m.get("zip"), "ensemble.zip");
        Integer seeds = m.get("seeds_per_config") == null ? null : count(m, "seeds_per_config", 1);
        if (seeds != null && seeds > 1 && !method.equals("hierarchical") && !method.equals("caruana")) {
            throw new SpaceError(m.get("seeds_per_config").location(), "ensemble.seeds_per_config: retrained seeds"
                    + " are for methods hierarchical and caruana only (method is " + method + ")");
        }
        return new EnsembleSpec(method, count(m, "top_k", d.topK()), count(m, "size", d.size()), seeds,
                count(m, "reseed_top", d.reseedTop()), weights, zip);
    }

    private static int count(YamlNode.Mapping m, String key, int fallback) {
        YamlNode node = m.get(key);
        if (node == null) {
            return fallback;
        }
        long v = Nodes.integer(node, "ensemble." + key);
        if (v < 1 || v > MAX_COUNT) {
            throw new SpaceError(node.location(), "ensemble." + key + ": expected an integer in [1, " + MAX_COUNT
                    + "], got " + v);
        }
        return (int) v;
    }
}
