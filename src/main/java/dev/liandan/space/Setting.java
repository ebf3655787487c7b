package dev.liandan.space;

import java.util.List;
import java.util.Map;

/**
 * One key the trial backend understands in the {@code model:} or {@code training:} section of a
 * space file, with its type, its legal range or choices, and its default.
 *
 * @param min inclusive lower bound for numbers (null: none)
 * @param max upper bound for numbers (null: none); exclusive when {@code maxExclusive}
 * @param refused values refused with a reason of their own (a word a user may well try), by value
 */
public record Setting(String section, String name, Kind kind, List<String> choices, Object defaultValue,
                      Double min, Double max, boolean maxExclusive, String help, Map<String, String> refused) {

    public Setting(String section, String name, Kind kind, List<String> choices, Object defaultValue,
                   Double min, Double max, boolean maxExclusive, String help) {
        this(section, name, kind, choices, defaultValue, min, max, maxExclusive, help, Map.of());
    }

    /** STRING with no choices takes any text (a path); BOOL takes true or false. */
    public enum Kind { INT, FLOAT, STRING, BOOL }

    /** Why {@code value} is not legal here, or null when it is. */
    public String problem(Object value) {
        switch (kind) {
            case STRING -> {
                if (choices.isEmpty()) {
                    return value instanceof String ? null : "expected text";
                }
                String reason = value instanceof String text ? refused.get(text) : null;
                if (reason != null) {
                    return reason;
                }
                if (!(value instanceof String s) || !choices.contains(s)) {
                    return "expected one of " + String.join(", ", choices);
                }
                return null;
            }
            case BOOL -> {
                return value instanceof Boolean ? null : "expected true or false";
            }
            case INT -> {
                if (!(value instanceof Long)) {
                    return "expected an integer";
                }
            }
            case FLOAT -> {
                if (!(value instanceof Number)) {
                    return "expected a number";
                }
            }
        }
        double v = ((Number) value).doubleValue();
        if (min != null && v < min) {
            return "expected a value >= " + bound(min);
        }
        if (max != null && (maxExclusive ? v >= max : v > max)) {
            return "expected a value " + (maxExclusive ? "< " : "<= ") + bound(max);
        }
        return null;
    }

    /** A bound as the user would write it: 16 for an integer setting, 1.0 for a float one. */
    private String bound(double b) {
        return kind == Kind.INT ? Long.toString((long) b) : Values.format(b);
    }
}
