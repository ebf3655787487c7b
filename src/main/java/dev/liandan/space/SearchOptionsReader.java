package dev.liandan.space;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code search.options}: a mapping of single values. Which names and values are legal is
 * the sampler's business (a later layer); here only the shape is checked, so a list or a nested
 * mapping is refused at its place.
 */
final class SearchOptionsReader {
    private SearchOptionsReader() {
    }

    static SamplerOptions read(YamlNode node) {
        YamlNode.Mapping m = Nodes.optionalMapping(node, "search.options");
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, SourceLocation> locations = new LinkedHashMap<>();
        for (YamlNode.Entry e : m.entries()) {
            YamlNode.Scalar s = Nodes.scalar(e.value(), "search.options." + e.key());
            values.put(e.key(), s.value());
            locations.put(e.key(), s.location());
        }
        return new SamplerOptions(values, locations);
    }
}
