package dev.liandan.api;

/**
 * Thrown by an objective to end its trial PRUNED, typically right after
 * {@link Trial#shouldPrune()} said so. The trial keeps the best value it reported.
 */
public final class TrialPruned extends RuntimeException {
    public TrialPruned() {
        super("pruned");
    }

    public TrialPruned(String message) {
        super(message);
    }
}
