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
 * @param violation how far the trial is from satisfying the study's constraints: 0 when feasible (and
 *                  in a study without constraints), the summed distance to the bounds otherwise
 */
public record Observation(int number, Map<String, Object> params, TrialState state, Double value,
                          List<Double> intermediates, List<Double> values, double violation) {

    /** An observation without constraints. */
    public Observation(int number, Map<String, Object> params, TrialState state, Double value,
                       List<Double> intermediates, List<Double> values) {
        this(number, params, state, value, intermediates, values, 0);
    }

    /** An observation of a single-objective study. */
    public Observation(int number, Map<String, Object> params, TrialState state, Double value,
                       List<Double> intermediates) {
        this(number, params, state, value, intermediates, null, 0);
    }

    /** The same observation with its objective vector. */
    public Observation withValues(List<Double> newValues) {
        return new Observation(number, params, state, value, intermediates, newValues, violation);
    }

    /** The same observation with its constraint violation. */
    public Observation withViolation(double newViolation) {
        return new Observation(number, params, state, value, intermediates, values, newViolation);
    }

    /** True when the trial satisfies the study's constraints. */
    public boolean feasible() {
        return violation == 0;
    }
}
