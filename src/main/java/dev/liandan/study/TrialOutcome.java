package dev.liandan.study;

import dev.liandan.core.TrialState;

import java.util.Map;

/**
 * How a trial ended. COMPLETE and PRUNED carry the objective value; FAILED carries a reason
 * (a NaN loss, an exception's message).
 */
public record TrialOutcome(TrialState state, Double value, Map<String, Double> metrics, int epochs,
                           String failReason) {

    public static TrialOutcome failed(String reason, int epochs) {
        return new TrialOutcome(TrialState.FAILED, null, Map.of(), epochs, reason);
    }
}
