package dev.liandan.api;

/**
 * What a define-by-run study optimises: reads its parameters from the trial
 * ({@link Trial#suggestFloat}, {@link Trial#suggestInt}, {@link Trial#suggestCategorical}), runs,
 * and returns the value to minimise or maximise. It may report intermediate values and end
 * early with {@link TrialPruned}; any other exception ends the trial FAILED with its reason.
 */
@FunctionalInterface
public interface Objective {
    double evaluate(Trial trial) throws Exception;
}
