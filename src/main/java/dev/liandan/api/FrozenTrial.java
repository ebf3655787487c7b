package dev.liandan.api;

import dev.liandan.core.TrialState;
import dev.liandan.study.Trial;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A trial as stored: what {@link Study#trials()} and {@link Study#bestTrial()} return.
 *
 * @param number         the trial's number in its study
 * @param state          WAITING, RUNNING, COMPLETE, PRUNED or FAILED
 * @param params         its parameters (for a finished define-by-run trial: those it suggested)
 * @param value          the objective for COMPLETE trials (for PRUNED ones: the best value reported), else null
 * @param intermediates  the values reported after epoch 1, 2, ...
 * @param metrics        other final metrics a backend measured
 * @param userAttributes what the objective kept with {@link dev.liandan.api.Trial#setUserAttribute}
 * @param failReason     why a FAILED trial failed, else null
 */
public record FrozenTrial(int number, TrialState state, Map<String, Object> params, Double value,
                          List<Double> intermediates, Map<String, Double> metrics, Map<String, Object> userAttributes,
                          String failReason, long seed, Instant startedAt, Instant finishedAt) {

    static FrozenTrial of(Trial t, Map<String, Object> userAttributes) {
        return new FrozenTrial(t.number(), t.state(), t.params(), t.value(), t.intermediates(), t.metrics(),
                userAttributes == null ? Map.of() : Map.copyOf(userAttributes), t.failReason(), t.seed(),
                t.startedAt(), t.finishedAt());
    }
}
