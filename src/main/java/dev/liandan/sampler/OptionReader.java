package dev.liandan.sampler;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of a sampler's options: each read takes its key off the list, and {@link #done()}
 * refuses whatever is left (a misspelt or foreign option must not be silently ignored).
 */
public final class OptionReader {
    private final String sampler;
    private final Map<String, Object> options;
    private final Set<String> unread;
    private final Set<String> known = new LinkedHashSet<>();

    public OptionReader(String sampler, Map<String, Object> options) {
        this.sampler = sampler;
        this.options = options;
        this.unread = new LinkedHashSet<>(options.keySet());
    }

    public boolean bool(String key, boolean fallback) {
        Object v = take(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new OptionError(key, "expected true or false, got '" + v + "'");
    }

    /** An integer in [min, max]. */
    public int integer(String key, int fallback, int min, int max) {
        Object v = take(key);
        if (v == null) {
            return fallback;
        }
        // a space file gives Longs; code may pass Integers
        boolean integral = v instanceof Long || v instanceof Integer;
        long l = integral ? ((Number) v).longValue() : 0;
        if (!integral || l < min || l > max) {
            throw new OptionError(key, "expected an integer in [" + min + ", " + max + "], got '" + v + "'");
        }
        return (int) l;
    }

    /** A number in (minExclusive, max]. */
    public double number(String key, double fallback, double minExclusive, double max) {
        Object v = take(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() > minExclusive && n.doubleValue() <= max)) {
            throw new OptionError(key, "expected a number in (" + minExclusive + ", " + max + "], got '" + v + "'");
        }
        return n.doubleValue();
    }

    /** Refuses any option that no read asked for. */
    public void done() {
        if (!unread.isEmpty()) {
            String key = unread.iterator().next();
            throw new OptionError(key, known.isEmpty()
                    ? "the " + sampler + " sampler takes no options"
                    : "unknown option of the " + sampler + " sampler: expected one of " + String.join(", ", known));
        }
    }

    private Object take(String key) {
        known.add(key);
        unread.remove(key);
        return options.get(key);
    }
}
