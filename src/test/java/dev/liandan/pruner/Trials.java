package dev.liandan.pruner;

import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Hand-made trials with per-epoch values, for pruner tests. */
final class Trials {
    private Trials() {
    }

    /** A trial with the given per-epoch values (NaN: an epoch not reported). */
    static Observation trial(int number, TrialState state, double... values) {
        List<Double> list = Arrays.stream(values).boxed().toList();
        Double value = null;
        if (state == TrialState.COMPLETE || state == TrialState.PRUNED) {
            value = list.stream().filter(Double::isFinite).max(Double::compare).orElse(null);
        }
        return new Observation(number, Map.of(), state, value, list);
    }

    static Observation running(int number, double... values) {
        return trial(number, TrialState.RUNNING, values);
    }

    static Observation complete(int number, double... values) {
        return trial(number, TrialState.COMPLETE, values);
    }

    /** The request after the last epoch of {@code self}, with {@code maxEpochs} of training planned. */
    static PruneRequest request(Observation self, Direction direction, int maxEpochs, Observation... others) {
        return new PruneRequest(self, self.intermediates().size(), new ArrayList<>(List.of(others)), direction, 7,
                maxEpochs);
    }

    static PruneRequest max(Observation self, Observation... others) {
        return request(self, Direction.MAXIMIZE, 0, others);
    }
}
