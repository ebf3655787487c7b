package dev.liandan.space;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code search.options} mapping of a space file: settings of the study's sampler, such as
 * {@code multivariate: true} for TPE. The space layer only reads them (scalars, in file order);
 * the sampler named in {@code search.sampler} checks their names and values, and an error then
 * points at the option's place in the file ({@link #locationOf}).
 *
 * @param values    option name to Long, Double, Boolean or String, in file order
 * @param locations where each option's value was written (empty for options built in code)
 */
public record SamplerOptions(Map<String, Object> values, Map<String, SourceLocation> locations) {
    public static final SamplerOptions NONE = new SamplerOptions(Map.of(), Map.of());

    public SamplerOptions {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        locations = Map.copyOf(locations);
    }

    /** Options built in code (benchmarks, tests): no places to point at. */
    public static SamplerOptions of(Map<String, Object> values) {
        return new SamplerOptions(values, Map.of());
    }

    /** Where {@code key} was written, or null. */
    public SourceLocation locationOf(String key) {
        return locations.get(key);
    }
}
