package dev.liandan.api;

/**
 * What a study of several objectives optimises ({@link Study#optimizeMulti}): reads its parameters
 * from the trial, runs, and returns one value per objective, in the order the study declared them
 * ({@link Study#metrics()}), as Optuna's objective returns a tuple for {@code directions=[...]}.
 * A vector of another length, or with a NaN or infinite entry, ends the trial FAILED with the
 * reason; {@link TrialPruned} and other exceptions end it as with one objective.
 */
@FunctionalInterface
public interface MultiObjective {
    double[] evaluate(Trial trial) throws Exception;
}
