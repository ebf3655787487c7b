package dev.liandan.study;

/**
 * Thrown by a trial backend to end the whole run, not just the trial: the worker records the
 * trial FAILED with the cause's reason and rethrows this. A library user who asks that nothing
 * be caught gets the objective's own exception through it.
 */
public final class StudyAborted extends RuntimeException {
    public StudyAborted(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
