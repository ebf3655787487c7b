package dev.liandan.sampler;

import dev.liandan.core.Observation;
import dev.liandan.core.Direction;
import dev.liandan.space.Space;

import java.util.List;

/**
 * Everything a sampler may use.
 *
 * @param history   earlier trials of the study, in number order
 * @param seed      the study's seed
 * @param index     how many configurations the study has sampled before this one (re-runs of
 *                  interrupted trials do not count), so a sequential run is reproducible
 * @param directions each objective's direction, the first being {@code direction}; with more than
 *                   one, the history's observations carry their {@link Observation#values()}
 */
public record SampleRequest(Space space, List<Observation> history, Direction direction, long seed, int index,
                            List<Direction> directions) {

    public SampleRequest {
        directions = directions == null || directions.isEmpty() ? List.of(direction) : List.copyOf(directions);
    }

    /** A request of a single-objective study. */
    public SampleRequest(Space space, List<Observation> history, Direction direction, long seed, int index) {
        this(space, history, direction, seed, index, null);
    }
}
