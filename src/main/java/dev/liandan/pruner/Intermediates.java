package dev.liandan.pruner;

import dev.liandan.core.Direction;

import java.util.List;

/**
 * Reads of a trial's stored per-epoch values, where index 0 is epoch 1 and an epoch that was
 * never reported (or was not a finite number) reads as NaN and is skipped.
 */
final class Intermediates {
    private Intermediates() {
    }

    /** The value reported for {@code epoch}, or null. */
    static Double at(List<Double> values, int epoch) {
        if (epoch < 1 || epoch > values.size()) {
            return null;
        }
        Double v = values.get(epoch - 1);
        return v != null && Double.isFinite(v) ? v : null;
    }

    /** The best value of epochs 1..{@code epoch} in the direction, or null when there is none. */
    static Double best(List<Double> values, int epoch, Direction direction) {
        Double best = null;
        for (int e = 1; e <= Math.min(epoch, values.size()); e++) {
            Double v = at(values, e);
            if (v != null && (best == null || direction.better(v, best))) {
                best = v;
            }
        }
        return best;
    }
}
