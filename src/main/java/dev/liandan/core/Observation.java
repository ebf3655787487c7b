package dev.liandan.core;

import java.util.List;
import java.util.Map;

/**
 * What a sampler or pruner may know of one earlier trial: its configuration, state, final value
 * (null unless COMPLETE or PRUNED) and per-epoch objective values.
 *
 * @param values in a study of several objectives, the trial's value of each objective in the
 *               study's order (null when a value is missing: not finished, or not measured); in a
 *               single-objective study null
 */
public record Observation(int number, Map<String, Object> params, TrialState state, Double value,
                          List<Double> intermediates, List<Double> values) {

    /** An observation of a single-objective study. */
    public Observation(int number, Map<String, Object> params, TrialState state, Double value,
                       List<Double> intermediates) {
        this(number, params, state, value, intermediates, null);
    }

    /** The same observation with its objective vector. */
    public Observation withValues(List<Double> newValues) {
        return new Observation(number, params, state, value, intermediates, newValues);
    }
}
