package dev.liandan.space;

import dev.liandan.core.UserError;

/** A user error at a known place in a space file: printed as {@code file:line:column: message}. */
public class SpaceError extends UserError {
    private final SourceLocation location;

    public SpaceError(SourceLocation location, String message) {
        super(location + ": " + message);
        this.location = location;
    }

    public SourceLocation location() {
        return location;
    }
}
