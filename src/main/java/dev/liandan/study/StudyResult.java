package dev.liandan.study;

import java.util.List;

/**
 * How a run of a study ended.
 *
 * @param finished trials that count towards the budget (COMPLETE, PRUNED, FAILED but not interrupted)
 * @param stopReason why the run stopped
 */
public record StudyResult(String study, int budget, int finished, int ranThisRun, Trial best, StopReason stopReason) {

    /** The result of a run that started {@code ranThisRun} trials and stopped for {@code stop}, read from the trials. */
    public static StudyResult of(String study, int budget, List<Trial> trials, int ranThisRun,
                                 dev.liandan.core.Direction direction, StopReason stop) {
        return new StudyResult(study, budget, StudyBudget.counted(trials), ranThisRun,
                Ranking.best(trials, direction).orElse(null), stop);
    }
}
