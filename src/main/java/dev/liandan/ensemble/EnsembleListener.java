package dev.liandan.ensemble;

/** What an ensemble build tells whoever shows its progress. All methods have empty defaults. */
public interface EnsembleListener {

    /** A remark the user should see (a trial skipped for lack of its model file, say). */
    default void note(String message) {
    }

    /** Hierarchical, or caruana with retrained seeds: member {@code index} (2..of) of configuration {@code trial} starts training with {@code seed}. */
    default void retrainStarted(int trial, int index, int of, long seed) {
    }

    /** Hierarchical, or caruana with retrained seeds: that member finished ({@code reused}: found from an earlier build) with its validation value. */
    default void retrainFinished(int trial, int index, int of, long seed, Double value, boolean reused) {
    }
}
