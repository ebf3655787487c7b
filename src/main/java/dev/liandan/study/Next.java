package dev.liandan.study;

import java.util.Objects;

/**
 * What a worker does next, decided from the study's trials while the storage holds the study's
 * lock ({@link StudyStorage#next}), so that no other worker decides at the same time: the budget
 * cannot be overshot and no WAITING trial is claimed twice.
 *
 * @param kind          START a new trial, CLAIM an enqueued (WAITING) one, WAIT (nothing to do
 *                      now, but other workers' trials may still fail), or STOP
 * @param trial         the trial to START
 * @param waitingNumber the number of the WAITING trial to CLAIM
 * @param worker        the worker that CLAIMs it
 * @param reason        why a worker STOPs
 */
public record Next(Kind kind, NewTrial trial, Integer waitingNumber, String worker, StopReason reason) {

    public enum Kind { START, CLAIM, WAIT, STOP }

    public static Next start(NewTrial trial) {
        return new Next(Kind.START, Objects.requireNonNull(trial), null, trial.worker(), null);
    }

    public static Next claim(int waitingNumber, String worker) {
        return new Next(Kind.CLAIM, null, waitingNumber, worker, null);
    }

    public static Next waitAWhile() {
        return new Next(Kind.WAIT, null, null, null, null);
    }

    public static Next stop(StopReason reason) {
        return new Next(Kind.STOP, null, null, null, reason);
    }

    /**
     * What {@link StudyStorage#next} did.
     *
     * @param trial the trial now RUNNING for this worker after START or CLAIM, else null
     */
    public record Taken(Next next, Trial trial) {
    }
}
