package dev.liandan.space;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The study's pruner as the space file names it ({@code search.pruner}): its name and its options,
 * each with where it was written. The pruner registry (a later layer) checks the name and the
 * options and reports a mistake at the place recorded here.
 *
 * @param name     the pruner's name, {@value #NONE} when the file names none
 * @param options  option name to value, in file order
 * @param location where the name is written (the {@code search} key or the file's start when the
 *                 file names no pruner; null for a spec built in code)
 */
public record PrunerSpec(String name, Map<String, Option> options, SourceLocation location) {
    /** The name of the pruner that never stops a trial: the default. */
    public static final String NONE = "none";

    public PrunerSpec {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * One option: a scalar value (Long, Double, Boolean or String) with the place of its key, for
     * an unknown option, and of its value, for a bad one (null for an option set in code).
     */
    public record Option(Object value, SourceLocation keyLocation, SourceLocation valueLocation) {
    }

    /** No pruning. */
    public static PrunerSpec none(SourceLocation at) {
        return new PrunerSpec(NONE, Map.of(), at);
    }

    /** A pruner set in code (benchmarks, tests): options are name, value, name, value, ... */
    public static PrunerSpec of(String name, Object... options) {
        Map<String, Option> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put((String) options[i], new Option(options[i + 1], null, null));
        }
        return new PrunerSpec(name, map, null);
    }
}
