package dev.liandan.study;

import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One trial as stored.
 *
 * @param number        unique within the study, assigned by the storage, from 0
 * @param params        the trial's whole configuration (searched, fixed and derived values), in space order
 * @param seed          the seed of the trial's training run
 * @param retryOf       the number of the interrupted trial this one re-runs, or null
 * @param value         the objective (its best epoch) for COMPLETE/PRUNED trials, else null
 * @param metrics       other final metrics (val_loss, train_loss, best_epoch, ...)
 * @param intermediates the objective after each epoch, index 0 = epoch 1
 * @param epochs        epochs trained
 * @param failReason    why a FAILED trial failed
 */
public record Trial(int number, TrialState state, Map<String, Object> params, long seed, Integer retryOf,
                    Double value, Map<String, Double> metrics, List<Double> intermediates, int epochs,
                    Instant startedAt, Instant finishedAt, String worker, Instant heartbeat, String failReason) {

    public Observation observation() {
        return new Observation(number, params, state, value, intermediates);
    }

    /** Wall time of a finished trial in seconds, or null. */
    public Double durationSeconds() {
        if (startedAt == null || finishedAt == null) {
            return null;
        }
        return (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
