package dev.liandan.core;

import java.util.List;
import java.util.Map;

/**
 * What a sampler or pruner may know of one earlier trial: its configuration, state, final value
 * (null unless COMPLETE or PRUNED) and per-epoch objective values.
 */
public record Observation(int number, Map<String, Object> params, TrialState state, Double value,
                          List<Double> intermediates) {
}
