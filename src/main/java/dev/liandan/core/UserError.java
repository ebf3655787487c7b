package dev.liandan.core;

/**
 * A mistake in what the user gave us (a space file, a command-line value, a data file).
 * The CLI prints {@link #getMessage()} as one line and exits with code 2, never a stack trace.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
