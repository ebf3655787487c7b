package dev.liandan.study;

/**
 * Runs one trial: {@code dl4j} (in this JVM) or, later, {@code command} (any program).
 * A backend reports each epoch to the request's listener and stops when told to. It may throw;
 * the worker then records the trial FAILED with the exception's message.
 */
public interface TrialBackend {
    TrialOutcome run(TrialRequest request) throws Exception;
}
