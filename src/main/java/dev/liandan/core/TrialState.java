package dev.liandan.core;

/** The life of a trial. WAITING: enqueued, not started. The last three are final. */
public enum TrialState {
    WAITING, RUNNING, COMPLETE, PRUNED, FAILED;

    public boolean finished() {
        return this == COMPLETE || this == PRUNED || this == FAILED;
    }
}
