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
 * @param values         the value of each of the study's objectives, in their order ({@link Study#metrics()}):
 *                       for a study of one objective {@code [value]}; empty where {@code value} is null; an
 *                       entry is null where a PRUNED trial has no value of that objective
 */
public record FrozenTrial(int number, TrialState state, Map<String, Object> params, Double value,
                          List<Double> intermediates, Map<String, Double> metrics, Map<String, Object> userAttributes,
                          String failReason, long seed, Instant startedAt, Instant finishedAt, List<Double> values) {

    static FrozenTrial of(Trial t, Map<String, Object> userAttributes, List<dev.liandan.space.Objective> objectives) {
        List<Double> values = new java.util.ArrayList<>();
        if (t.value() != null) {
            values.add(t.value());
            for (int k = 1; k < objectives.size(); k++) {
                values.add(t.metrics().get(objectives.get(k).metric()));
            }
        }
        return new FrozenTrial(t.number(), t.state(), t.params(), t.value(), t.intermediates(), t.metrics(),
                userAttributes == null ? Map.of() : Map.copyOf(userAttributes), t.failReason(), t.seed(),
                t.startedAt(), t.finishedAt(), java.util.Collections.unmodifiableList(values));
    }
}
