package dev.liandan.bench;

import dev.liandan.space.Constraint;
import dev.liandan.space.FloatParam;
import dev.liandan.space.Param;
import dev.liandan.space.Space;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A standard multi-objective test problem with every objective minimised: variables x0, x1, …
 * on their bounds, the objective vector, the metrics its constraints bound, and the reference point
 * its hypervolume is measured up to. {@code bench/optuna_moo.py} defines the same problems.
 *
 * @param lower      each variable's lower bound
 * @param upper      each variable's upper bound
 * @param objectives the objective vector of x
 * @param metrics    the constraint metrics of x (empty map without constraints)
 */
public record MooProblem(String name, double[] lower, double[] upper, Function<double[], double[]> objectives,
                         Function<double[], Map<String, Double>> metrics, List<Constraint> constraints,
                         double[] reference) {

    public int variables() {
        return lower.length;
    }

    public int objectiveCount() {
        return reference.length;
    }

    public Space space() {
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < lower.length; i++) {
            params.add(new FloatParam("x" + i, lower[i], upper[i], false, null, Optional.empty(), null));
        }
        return new Space(params);
    }

    /** The variables of a trial's parameters, in order. */
    public double[] x(Map<String, Object> params) {
        double[] x = new double[lower.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((Number) params.get("x" + i)).doubleValue();
        }
        return x;
    }

    /** True when x satisfies every constraint. */
    public boolean feasible(double[] x) {
        Map<String, Double> m = metrics.apply(x);
        return constraints.stream().allMatch(c -> c.violation(m) == 0);
    }
}
