package dev.liandan.space;

import java.util.Optional;

/** A setting with one value in every trial (a plain {@code key: value} in the space file). */
public record FixedParam(String name, Object value, Optional<Condition> condition, SourceLocation location)
        implements Param {
}
