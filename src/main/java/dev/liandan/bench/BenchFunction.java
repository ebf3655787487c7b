package dev.liandan.bench;

import dev.liandan.space.Space;

import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A standard test function as a built-in objective (minimised, no training).
 *
 * @param minimum the known global minimum
 * @param optuna  Optuna 3.1.0's median best value after 100 trials over 10 seeds, by sampler label,
 *                as quoted in issue 4 (the figures we compare against)
 */
public record BenchFunction(String name, Space space, ToDoubleFunction<Map<String, Object>> f, double minimum,
                            Map<String, Double> optuna) {

    public double value(Map<String, Object> params) {
        return f.applyAsDouble(params);
    }
}
