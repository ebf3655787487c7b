package dev.liandan.space;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code search.pruner}: a name ({@code pruner: median}) or a mapping with the name under
 * {@code type} and the pruner's options beside it ({@code pruner: {type: asha, reduction_factor: 3}}).
 * Only the form is checked here; which names and options exist is the pruner registry's business
 * (a later layer), which reports a mistake at the locations this reader records.
 */
final class PrunerSectionReader {
    private PrunerSectionReader() {
    }

    static PrunerSpec read(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String name) {
            return new PrunerSpec(name, Map.of(), s.location());
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            throw new SpaceError(node.location(), "search.pruner: expected a pruner's name (none, median, asha,"
                    + " hyperband, ...) or a mapping {type: NAME, option: value, ...}, got " + node.describe());
        }
        YamlNode type = m.get("type");
        if (type == null) {
            throw new SpaceError(m.location(), "search.pruner: missing required key 'type' (the pruner's name)");
        }
        String name = Nodes.string(type, "search.pruner.type");
        Map<String, PrunerSpec.Option> options = new LinkedHashMap<>();
        for (YamlNode.Entry e : m.entries()) {
            if (e.key().equals("type")) {
                continue;
            }
            YamlNode.Scalar value = Nodes.scalar(e.value(), "search.pruner." + e.key());
            Object v = value.value();
            if (v instanceof String str && Nodes.parseNumber(str) != null) {
                // a quoted number is a number, as everywhere else in the file
                v = Nodes.parseNumber(str);
            }
            options.put(e.key(), new PrunerSpec.Option(v, e.keyLocation(), value.location()));
        }
        return new PrunerSpec(name, options, type.location());
    }
}
