package dev.liandan.pruner;

import dev.liandan.core.Observation;
import dev.liandan.core.Direction;

import java.util.List;

/**
 * Everything a pruner may use, as stored: nothing that another worker could not also read.
 *
 * @param trial     the running trial, with its intermediate values up to and including {@code epoch}
 * @param epoch     the epoch that has just ended (1-based)
 * @param others    every other trial of the study, in any state, in number order
 * @param seed      the study's seed
 * @param maxEpochs the epochs the trial will train if not stopped ({@code epochs}), or 0 when unknown
 * @param directions each objective's direction, the first being {@code direction}; with more than one,
 *                   the observations carry their {@link Observation#values()} (null entries where a
 *                   value is not known yet, as for a running trial's other objectives)
 */
public record PruneRequest(Observation trial, int epoch, List<Observation> others, Direction direction, long seed,
                           int maxEpochs, List<Direction> directions) {

    public PruneRequest {
        directions = directions == null || directions.isEmpty() ? List.of(direction) : List.copyOf(directions);
    }

    /** A request of a single-objective study. */
    public PruneRequest(Observation trial, int epoch, List<Observation> others, Direction direction, long seed,
                        int maxEpochs) {
        this(trial, epoch, others, direction, seed, maxEpochs, null);
    }
}
