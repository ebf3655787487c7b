package dev.liandan.api;

/**
 * A checked exception of an objective, passed on by {@link Study#optimize(Objective, int, boolean)}
 * when it is asked to catch nothing; {@link #getCause()} is the objective's exception.
 */
public final class ObjectiveException extends RuntimeException {
    public ObjectiveException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
