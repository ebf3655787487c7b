package dev.liandan.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An integer parameter on [low, high] with a step (default 1), uniform or log-uniform.
 * Uniform: each allowed integer owns an equal slice of the unit interval. Log: the value is
 * drawn log-uniformly on [low - 0.5, high + 0.5] and rounded (as Optuna does), so every integer
 * keeps a share. Values are Longs.
 */
public record IntParam(String name, long low, long high, boolean log, long step,
                       Optional<Condition> condition, SourceLocation location) implements SearchableParam {

    public IntParam {
        if (low > high) {
            throw new IllegalArgumentException(name + ": low " + low + " > high " + high);
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException(name + ": log scale needs low > 0");
        }
        if (step <= 0 || (log && step != 1)) {
            throw new IllegalArgumentException(name + ": step must be > 0 and not combined with log");
        }
    }

    /** How many values the parameter can take. */
    public long count() {
        return (high - low) / step + 1;
    }

    @Override
    public Object fromUnit(double u) {
        u = FloatParam.clampUnit(u);
        if (log) {
            double a = Math.log(low - 0.5);
            double b = Math.log(high + 0.5);
            long v = Math.round(Math.exp(a + u * (b - a)));
            return Math.min(high, Math.max(low, v));
        }
        long index = Math.min(count() - 1, (long) Math.floor(u * count()));
        return low + index * step;
    }

    @Override
    public double toUnit(Object value) {
        double v = Values.number(name, value);
        if (log) {
            double a = Math.log(low - 0.5);
            double b = Math.log(high + 0.5);
            return FloatParam.clampUnit((Math.log(v) - a) / (b - a));
        }
        double index = Math.round((v - low) / step);
        return FloatParam.clampUnit((index + 0.5) / count());
    }

    @Override
    public Optional<List<Object>> gridValues() {
        List<Object> values = new ArrayList<>();
        for (long v = low; v <= high; v += step) {
            values.add(v);
        }
        return Optional.of(values);
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            return false;
        }
        long v = n.longValue();
        return v >= low && v <= high && (v - low) % step == 0;
    }
}
