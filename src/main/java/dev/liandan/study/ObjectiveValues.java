package dev.liandan.study;

import dev.liandan.core.Direction;
import dev.liandan.core.UserError;
import dev.liandan.pruner.Pruner;
import dev.liandan.sampler.Sampler;
import dev.liandan.space.Objective;
import dev.liandan.space.SpaceError;
import dev.liandan.space.StudySpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A trial's value of each of a study's objectives: the first is the trial's value (its best epoch
 * by that objective), the others come from its metrics ({@code params}, {@code latency_ms}, or any
 * metric a command trial prints). Stored as metrics, so a trial needs nothing more in storage.
 * Also what a study of several objectives requires of its sampler and pruner.
 */
public final class ObjectiveValues {
    private ObjectiveValues() {
    }

    /** The trial's objective vector, in the study's order; an entry is null where the value is missing. */
    public static List<Double> of(StudySpec spec, Trial t) {
        List<Double> out = new ArrayList<>(spec.objectives().size());
        for (int k = 0; k < spec.objectives().size(); k++) {
            out.add(k == 0 ? t.value() : t.metrics().get(spec.objectives().get(k).metric()));
        }
        return out;
    }

    /** The directions of the study's objectives, in order. */
    public static List<Direction> directions(StudySpec spec) {
        return spec.objectives().stream().map(Objective::direction).toList();
    }

    /**
     * Refuses a sampler that models one objective, or a pruner that compares one objective's epochs,
     * in a study of several: each would silently optimise the first objective alone.
     */
    static void check(StudySpec spec, Sampler sampler, Pruner pruner) {
        if (!spec.multiObjective()) {
            return;
        }
        if (!sampler.severalObjectives()) {
            throw new SpaceError(spec.search().samplerLocation(), "search.sampler: " + sampler.name()
                    + " models one objective: with " + spec.objectives().size()
                    + " objectives use nsga2, tpe, random, grid or sobol");
        }
        if (!"none".equals(spec.pruner().name()) && !pruner.severalObjectives()) {
            String where = spec.pruner().location() == null ? "" : spec.pruner().location() + ": ";
            throw new UserError(where + "search.pruner: " + spec.pruner().name() + " compares one objective's epochs;"
                    + " a study of " + spec.objectives().size() + " objectives runs with pareto_asha or without a pruner");
        }
    }
}
