package dev.liandan.sampler;

import dev.liandan.space.DerivedParam;
import dev.liandan.space.FixedParam;
import dev.liandan.space.Param;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import dev.liandan.core.UserError;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Every combination of the searchable parameters' values (choices, integers, stepped floats),
 * each proposed once, in an order shuffled by the seed so that a budget smaller than the grid
 * still spreads over it. A conditional parameter is only combined where it is active, so no
 * configuration repeats. A continuous float makes the grid infinite and is refused.
 */
public final class GridSampler implements Sampler {
    /** Larger grids are refused: they would not fit any sensible budget. */
    static final int MAX_POINTS = 100_000;

    /** It reads no objective value, so it serves several objectives as it serves one. */
    @Override
    public boolean severalObjectives() {
        return true;
    }

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public void check(Space space) {
        points(space);
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        List<Map<String, Object>> points = points(request.space());
        Collections.shuffle(points, new Random(request.seed()));
        if (request.index() >= points.size()) {
            return Optional.empty();
        }
        return Optional.of(points.get(request.index()));
    }

    /** All configurations of the grid, in space order. */
    static List<Map<String, Object>> points(Space space) {
        for (SearchableParam p : space.searchable()) {
            if (p.gridValues().isEmpty()) {
                throw new UserError("grid search needs a finite set of values, but '" + p.name()
                        + "' is a continuous float: give it a step, make it a choice, or use another sampler");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        expand(space.params(), 0, new LinkedHashMap<>(), out);
        return out;
    }

    private static void expand(List<Param> params, int i, LinkedHashMap<String, Object> assigned,
                               List<Map<String, Object>> out) {
        if (i == params.size()) {
            if (out.size() >= MAX_POINTS) {
                throw new UserError("the grid has more than " + MAX_POINTS + " points: give fewer values or use random or sobol");
            }
            out.add(new LinkedHashMap<>(assigned));
            return;
        }
        Param p = params.get(i);
        if (!Space.isActive(p, assigned)) {
            expand(params, i + 1, assigned, out);
            return;
        }
        List<Object> values;
        if (p instanceof SearchableParam s) {
            values = s.gridValues().orElseThrow();
        } else if (p instanceof FixedParam f) {
            values = List.of(f.value());
        } else {
            values = List.of(((DerivedParam) p).expression().evaluate(assigned));
        }
        for (Object v : values) {
            assigned.put(p.name(), v);
            expand(params, i + 1, assigned, out);
            assigned.remove(p.name());
        }
    }
}
