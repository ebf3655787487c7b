package dev.liandan.space;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code constraints:}, e.g. {@code "params <= 100000"}: a metric, a comparison and a
 * bound. A trial is feasible when every constraint holds on its metrics; an infeasible trial ranks
 * after every feasible one (as Optuna's {@code constraints_func}).
 */
public record Constraint(String metric, String op, double bound) {

    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_./-]*)\\s*(<=|>=|<|>)\\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*");

    /** Reads {@code "metric <= number"} (or {@code >=}, {@code <}, {@code >}); a mistake is a SpaceError at {@code at}. */
    static Constraint parse(String text, SourceLocation at) {
        Matcher m = FORM.matcher(text);
        double bound;
        try {
            bound = m.matches() ? Double.parseDouble(m.group(3)) : Double.NaN;
        } catch (NumberFormatException e) {
            bound = Double.NaN;
        }
        if (!m.matches() || !Double.isFinite(bound)) {
            throw new SpaceError(at, "constraints: '" + text + "' is not a constraint: expected a metric, <=, >=, < or >"
                    + " and a number, e.g. \"params <= 100000\"");
        }
        return new Constraint(m.group(1), m.group(2), bound);
    }

    /** The inverse of {@link #text()}, for constraints stored as text (a study attribute). */
    public static Constraint of(String text) {
        return parse(text, new SourceLocation("constraint", 1, 1));
    }

    /**
     * How far {@code metrics} are from satisfying this constraint: 0 when it holds, the distance to
     * the bound when it does not, infinity when the metric is missing (not measured).
     */
    public double violation(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        if (v == null || v.isNaN()) {
            return Double.POSITIVE_INFINITY;
        }
        boolean holds = switch (op) {
            case "<=" -> v <= bound;
            case ">=" -> v >= bound;
            case "<" -> v < bound;
            default -> v > bound;
        };
        return holds ? 0 : Math.max(Math.abs(v - bound), Double.MIN_VALUE);
    }

    public String text() {
        return metric + " " + op + " " + Values.format(bound).toLowerCase(Locale.ROOT);
    }
}
