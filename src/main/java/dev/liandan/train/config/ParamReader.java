package dev.liandan.train.config;

import dev.liandan.core.UserError;
import dev.liandan.space.Setting;
import dev.liandan.space.Values;

import java.util.Map;

/**
 * Reads one part's settings from a trial's params map, typed and checked. A setting the map
 * lacks takes its default (the space parser fills every setting in, but a hand-made request
 * need not); keys that are no setting (searched helpers such as {@code base_lr}) are ignored.
 * Numbers may arrive as Long or Double (derived formulas give doubles): an INT setting accepts a
 * Double only when it is a whole number.
 */
final class ParamReader {
    private final Map<String, Object> params;
    private final Part part;

    ParamReader(Map<String, Object> params, Part part) {
        this.params = params;
        this.part = part;
    }

    String string(String name) {
        return (String) checked(name);
    }

    boolean bool(String name) {
        return (Boolean) checked(name);
    }

    int integer(String name) {
        long v = (Long) checked(name);
        if (v > Integer.MAX_VALUE) {
            throw new UserError("setting '" + name + "' = " + v + ": too large");
        }
        return (int) v;
    }

    double number(String name) {
        double v = ((Number) checked(name)).doubleValue();
        if (!Double.isFinite(v)) {
            throw new UserError("setting '" + name + "' = " + v + ": expected a finite number");
        }
        return v;
    }

    /** The value of {@code name}, or its default, checked against the setting's kind and range. */
    private Object checked(String name) {
        Setting s = setting(name);
        Object v = params.containsKey(name) ? params.get(name) : s.defaultValue();
        if (s.kind() == Setting.Kind.INT && v instanceof Number n && !(v instanceof Long)) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                v = (long) d;
            }
        }
        if (s.kind() == Setting.Kind.FLOAT && v instanceof Number n) {
            v = n.doubleValue();
        }
        String problem = v == null ? "missing value" : s.problem(v);
        if (problem != null) {
            throw new UserError("setting '" + name + "' = " + Values.format(v) + ": " + problem);
        }
        return v;
    }

    /** A part reads only the settings it owns. */
    private Setting setting(String name) {
        return part.settings().stream().map(Placed::setting).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no setting " + name + " in this part"));
    }
}
