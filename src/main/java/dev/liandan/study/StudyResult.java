package dev.liandan.study;

/**
 * How a run of a study ended.
 *
 * @param finished trials that count towards the budget (COMPLETE, PRUNED, FAILED but not interrupted)
 * @param stopReason why the run stopped: "budget", "exhausted" (the sampler had nothing left) or "interrupted"
 */
public record StudyResult(String study, int budget, int finished, int ranThisRun, Trial best, String stopReason) {
}
