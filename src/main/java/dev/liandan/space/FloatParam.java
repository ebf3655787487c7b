package dev.liandan.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real-valued parameter on [low, high], uniform or log-uniform, optionally on a grid of
 * {@code step} (step and log exclude each other, as in Optuna). Values are Doubles.
 */
public record FloatParam(String name, double low, double high, boolean log, Double step,
                         Optional<Condition> condition, SourceLocation location) implements SearchableParam {

    public FloatParam {
        if (!(low <= high)) {
            throw new IllegalArgumentException(name + ": low " + low + " > high " + high);
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException(name + ": log scale needs low > 0");
        }
        if (step != null && (log || !(step > 0))) {
            throw new IllegalArgumentException(name + ": step must be > 0 and not combined with log");
        }
    }

    @Override
    public Object fromUnit(double u) {
        u = clampUnit(u);
        if (step != null) {
            // Each grid point owns an equal slice of [0, 1], as in IntParam; rounding a uniform
            // value to the grid would give the two end points half the share of the others.
            long n = gridSize();
            return gridPoint(Math.min(n - 1, (long) Math.floor(u * n)));
        }
        double v = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        return Math.min(high, Math.max(low, v));
    }

    @Override
    public double toUnit(Object value) {
        double v = Values.number(name, value);
        if (step != null) {
            long n = gridSize();
            long k = Math.max(0, Math.min(n - 1, Math.round((v - low) / step)));
            return (k + 0.5) / n;
        }
        if (high == low) {
            return 0.5;
        }
        double u = log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
        return clampUnit(u);
    }

    @Override
    public Optional<List<Object>> gridValues() {
        if (step == null) {
            return high == low ? Optional.of(List.of(low)) : Optional.empty();
        }
        List<Object> values = new ArrayList<>();
        for (long k = 0, n = gridSize(); k < n; k++) {
            values.add(gridPoint(k));
        }
        return Optional.of(values);
    }

    /** True for a number in [low, high] that, with a step, lies on the grid low + k * step. */
    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double v = n.doubleValue();
        if (!(v >= low && v <= high)) {
            return false;
        }
        if (step == null) {
            return true;
        }
        double k = (v - low) / step;
        // tolerance for decimal steps: 0.3 is on the grid of 0.1 although 0.3 / 0.1 = 2.9999999999999996
        return Math.abs(k - Math.rint(k)) < 1e-6;
    }

    /** How many grid points low + k * step fit in [low, high] (a range that is not a multiple of step stops short of high). */
    private long gridSize() {
        return (long) Math.floor((high - low) / step + 1e-9) + 1;
    }

    private double gridPoint(long k) {
        double v = Math.min(high, low + k * step);
        // keep 0.1 + 2*0.1 printing as 0.3, not 0.30000000000000004
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", v));
    }

    static double clampUnit(double u) {
        return Double.isNaN(u) ? 0.5 : Math.min(1.0, Math.max(0.0, u));
    }
}
