package dev.liandan.space;

import java.util.List;

/** "Active only when {@code param} takes one of {@code values}" (the {@code when:} key). */
public record Condition(String param, List<Object> values) {
    public Condition {
        values = List.copyOf(values);
    }

    /** Whether a parameter value satisfies this condition; numbers compare by numeric value. */
    public boolean accepts(Object value) {
        for (Object v : values) {
            if (Values.same(v, value)) {
                return true;
            }
        }
        return false;
    }
}
