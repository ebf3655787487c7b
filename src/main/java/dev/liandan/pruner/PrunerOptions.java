package dev.liandan.pruner;

import dev.liandan.space.PrunerSpec;
import dev.liandan.space.SourceLocation;
import dev.liandan.space.SpaceError;
import dev.liandan.core.UserError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of a {@code search.pruner} as a pruner reads them: each read names the option, its
 * default and its legal range, and a value outside it is a user error at the value's place. The
 * names read make up the pruner's option list, against which {@link #refuseUnread()} checks the
 * file's keys.
 */
public final class PrunerOptions {
    private final PrunerSpec spec;
    private final Set<String> read = new LinkedHashSet<>();

    PrunerOptions(PrunerSpec spec) {
        this.spec = spec;
    }

    /** An integer option {@code >= min}; {@code def} when the file leaves it out. */
    public int integer(String name, int def, int min) {
        read.add(name);
        PrunerSpec.Option o = spec.options().get(name);
        if (o == null) {
            return def;
        }
        boolean whole = o.value() instanceof Long || o.value() instanceof Integer;
        long v = whole ? ((Number) o.value()).longValue() : 0;
        if (!whole || v < min || v > Integer.MAX_VALUE) {
            throw error(o.valueLocation(), "search.pruner." + name + ": expected an integer >= " + min
                    + ", got '" + o.value() + "'");
        }
        return (int) v;
    }

    /** An optional integer option {@code >= min}, or 0 when the file leaves it out. */
    public int optionalInteger(String name, int min) {
        return integer(name, 0, min);
    }

    /** Every option of the file that the pruner did not read is an error at its key. */
    void refuseUnread() {
        for (var e : spec.options().entrySet()) {
            if (!read.contains(e.getKey())) {
                List<String> known = new ArrayList<>(read);
                String expected = known.isEmpty() ? "the " + spec.name() + " pruner takes no options"
                        : "expected one of " + String.join(", ", known);
                throw error(e.getValue().keyLocation(), "unknown option '" + e.getKey() + "' of the " + spec.name()
                        + " pruner: " + expected);
            }
        }
    }

    private static UserError error(SourceLocation at, String message) {
        return at == null ? new UserError(message) : new SpaceError(at, message);
    }
}
