package dev.liandan.study;

import java.util.Map;

/** Told by a trial backend after each epoch; answers whether training should go on. */
@FunctionalInterface
public interface EpochListener {
    /**
     * @param epoch   1-based
     * @param metrics at least the objective's metric, plus whatever else the backend measured
     * @return true to continue, false to stop now (the trial is then PRUNED)
     */
    boolean epochEnded(int epoch, Map<String, Double> metrics);
}
