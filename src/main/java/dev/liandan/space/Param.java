package dev.liandan.space;

import java.util.Optional;

/**
 * One named value of a trial's configuration: searched ({@link SearchableParam}), fixed, or
 * derived from others. A parameter with a {@link Condition} exists only for some choices of
 * another parameter.
 */
public sealed interface Param permits SearchableParam, FixedParam, DerivedParam {
    String name();

    Optional<Condition> condition();

    /** Where the parameter was written, for error messages; may be null for built ones. */
    SourceLocation location();
}
