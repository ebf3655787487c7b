package dev.liandan.sampler;

import dev.liandan.space.Space;

import java.util.Map;
import java.util.Optional;

/**
 * Proposes the next trial's configuration (the "ask" of Optuna's ask-and-tell). A sampler keeps
 * no state of its own: the request's seed, index and history decide the answer, so any worker
 * on any host that sees the same storage proposes the same point. Implementations register in
 * {@code META-INF/services/dev.liandan.sampler.Sampler} and are found by {@link #name()}.
 */
public interface Sampler {

    /** The name a space file uses in {@code search.sampler}. */
    String name();

    /**
     * Refuses a space this sampler cannot search, with a {@link dev.liandan.core.UserError}, before
     * any study is created.
     */
    default void check(Space space) {
    }

    /**
     * This sampler with the options of {@code search.options} applied (this one when there are
     * none). A sampler keeps its options in the instance it returns and stays stateless otherwise.
     * An unknown name or a bad value is an {@link OptionError} naming the option; by default a
     * sampler takes no options.
     */
    default Sampler configure(Map<String, Object> options) {
        new OptionReader(name(), options).done();
        return this;
    }

    /**
     * True for a sampler that serves a study of several objectives: one that reads every
     * objective's value (NSGA-II) or none of them (random, grid, Sobol). A sampler that models one
     * objective refuses such a study rather than silently optimise its first objective only.
     */
    default boolean severalObjectives() {
        return false;
    }

    /**
     * True for a sampler that models the fidelity itself (BOHB ranks trials at a common epoch),
     * so it learns from every trial even under a pruner that compares trials in groups (see
     * {@code Pruner#samplerHistory}); false for the others, which then see the new trial's group.
     */
    default boolean modelsFidelity() {
        return false;
    }

    /**
     * The whole configuration of the next trial (every active parameter, as
     * {@link Space#assign} builds it), or empty when the sampler has nothing left to propose.
     */
    Optional<Map<String, Object>> sample(SampleRequest request);
}
