package dev.liandan.space;

import dev.liandan.core.UserError;

/** Comparison and formatting of parameter values (String, Boolean, Long, Double). */
public final class Values {
    private Values() {
    }

    /** Equality where 256 (Long) and 256.0 (Double) are the same value. */
    public static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a == null ? b == null : a.equals(b);
    }

    /** A value as a number, or an error naming the parameter. */
    public static double number(String param, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new UserError("parameter '" + param + "' is '" + value + "', not a number");
    }

    /** A short, stable text form: integers without ".0", doubles in their shortest form. */
    public static String format(Object value) {
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue()) + ".0";
            }
            return d.toString();
        }
        return String.valueOf(value);
    }
}
