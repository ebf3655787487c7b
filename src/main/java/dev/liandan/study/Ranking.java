package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orders finished trials by the objective. Equal objective values are common (an accuracy on a
 * few hundred validation rows takes few distinct values), so ties go to the lower validation loss,
 * then, when the objective is that loss, to the higher validation accuracy, and only then to the
 * lower trial number.
 */
public final class Ranking {
    /** The tie-breaking metrics, in order, with the direction that is better. */
    private static final List<Map.Entry<String, Direction>> TIE_BREAKERS = List.of(
            Map.entry("val_loss", Direction.MINIMIZE), Map.entry("val_accuracy", Direction.MAXIMIZE));

    private Ranking() {
    }

    /** COMPLETE trials with a value, best first (ties: see the class comment). */
    public static List<Trial> ranked(List<Trial> trials, Direction direction) {
        return trials.stream().filter(Ranking::ranks).sorted(order(direction)).toList();
    }

    /**
     * The first of {@link #ranked}, in one plain pass (no sort, no stream): the worker asks after
     * every trial, over the whole study. The same order; among equals the earlier in the list.
     */
    public static Optional<Trial> best(List<Trial> trials, Direction direction) {
        Comparator<Trial> order = order(direction);
        Trial best = null;
        for (Trial t : trials) {
            if (ranks(t) && (best == null || order.compare(t, best) < 0)) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean ranks(Trial t) {
        return t.state() == TrialState.COMPLETE && t.value() != null && Double.isFinite(t.value());
    }

    /** Best first: the value by {@link Double#compare}, then the tie-breaking metrics, then the number. */
    public static Comparator<Trial> order(Direction direction) {
        Comparator<Trial> order = (a, b) -> better(a.value(), b.value(), direction);
        for (Map.Entry<String, Direction> metric : TIE_BREAKERS) {
            order = order.thenComparing((a, b) -> better(metric(a, metric.getKey()), metric(b, metric.getKey()),
                    metric.getValue()));
        }
        return order.thenComparingInt(Trial::number);
    }

    private static Double metric(Trial t, String name) {
        return t.metrics() == null ? null : t.metrics().get(name);
    }

    /** Negative when {@code a} is better; a missing or non-finite value is worse than any other. */
    private static int better(Double a, Double b, Direction direction) {
        boolean hasA = a != null && Double.isFinite(a);
        boolean hasB = b != null && Double.isFinite(b);
        if (!hasA || !hasB) {
            return hasA == hasB ? 0 : hasA ? -1 : 1;
        }
        return direction == Direction.MAXIMIZE ? Double.compare(b, a) : Double.compare(a, b);
    }
}
