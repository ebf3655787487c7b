package dev.liandan.pruner;

import dev.liandan.core.Observation;

import java.util.List;

/**
 * Decides, after an epoch of a running trial, whether to stop it early (Optuna's "pruning"). A
 * pruner keeps no state of its own: the request, read from storage, decides the answer, so any
 * number of workers on any hosts can ask at once and get consistent answers. Implementations
 * register in {@code META-INF/services/dev.liandan.pruner.Pruner} and are found by
 * {@link #name()}; the registered instance carries the default options, and
 * {@link #configure(PrunerOptions)} makes one with a study's options.
 */
public interface Pruner {

    /** The name a space file uses in {@code search.pruner}. */
    String name();

    /**
     * A pruner of this kind with the given options, each read through {@code options} (which
     * refuses a bad value at its place in the space file); options it does not read are refused
     * by the registry afterwards.
     */
    Pruner configure(PrunerOptions options);

    /**
     * True for a pruner that compares the objective vectors of a study of several objectives; the
     * others compare one objective's epochs and are refused in such a study.
     */
    default boolean severalObjectives() {
        return false;
    }

    /** True to stop the trial now (it is then recorded PRUNED), false to let it go on. */
    boolean prune(PruneRequest request);

    /**
     * The trials a sampler learns from when it proposes trial {@code number}: all of
     * {@code history} by default. A pruner that compares trials only within groups returns the new
     * trial's group, so that a model ranks trials only against those the pruner judged on the same
     * terms (Hyperband: the trial's bracket, as Optuna's samplers see only that bracket's trials).
     *
     * @param maxEpochs the epochs a trial trains if not stopped, or 0 when unknown
     */
    default List<Observation> samplerHistory(List<Observation> history, int number, long seed, int maxEpochs) {
        return history;
    }
}
