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
        if (step != null && (log || step <= 0)) {
            throw new IllegalArgumentException(name + ": step must be > 0 and not combined with log");
        }
    }

    @Override
    public Object fromUnit(double u) {
        u = clampUnit(u);
        double v = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        if (step != null) {
            long k = Math.round((v - low) / step);
            v = Math.min(high, low + k * step);
            // keep 0.1 + 2*0.1 printing as 0.3, not 0.30000000000000004
            v = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", v));
        }
        return Math.min(high, Math.max(low, v));
    }

    @Override
    public double toUnit(Object value) {
        double v = Values.number(name, value);
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
        long n = (long) Math.floor((high - low) / step + 1e-9);
        for (long k = 0; k <= n; k++) {
            values.add(fromUnit(n == 0 ? 0 : (double) k / n));
        }
        return Optional.of(values);
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double v = n.doubleValue();
        return v >= low && v <= high;
    }

    static double clampUnit(double u) {
        return Double.isNaN(u) ? 0.5 : Math.min(1.0, Math.max(0.0, u));
    }
}
