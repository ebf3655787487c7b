package dev.liandan.study;

import dev.liandan.core.UserError;
import dev.liandan.pruner.Pruner;
import dev.liandan.pruner.Pruners;
import dev.liandan.sampler.Sampler;
import dev.liandan.sampler.Samplers;
import dev.liandan.space.StudySpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A study's creation and checks before any trial runs: its sampler and pruner exist and accept
 * their options and the space, the study is created once, and the budget and seed it runs with
 * are recorded so that a worker joining from elsewhere ({@link JoinStudy}) runs the same study.
 */
public final class StudySetup {
    /** Study attributes that {@link #prepare} records, so a joining worker runs the same budget and seed. */
    public static final String ATTRIBUTE_TRIALS = "search.trials";
    public static final String ATTRIBUTE_SEED = "search.seed";
    /** The wall-time budget as an ISO-8601 duration, or {@value #NO_TIME_BUDGET}. */
    public static final String ATTRIBUTE_TIME_BUDGET = "search.time_budget";
    public static final String NO_TIME_BUDGET = "none";

    private StudySetup() {
    }

    /** The study's sampler, after it has checked that it can search the space (a grid must be finite). */
    public static Sampler checkSampler(StudySpec spec) {
        Sampler sampler = Samplers.configured(spec.search());
        sampler.check(spec.space());
        ObjectiveValues.check(spec, sampler, spec.multiObjective() ? Pruners.of(spec.pruner()) : null);
        return sampler;
    }

    /** The study's pruner with its options; an unknown name or option is a user error at its place. */
    public static Pruner checkPruner(StudySpec spec) {
        return Pruners.of(spec.pruner());
    }

    /** Creates the study if it is new, checks that it matches if it exists; never half-creates it. */
    public static void prepare(StudyStorage storage, StudySpec spec) {
        checkSampler(spec);
        checkPruner(spec);
        Optional<StudyRecord> existing = storage.findStudy(spec.name());
        if (existing.isEmpty()) {
            try {
                storage.createStudy(new StudyRecord(spec.name(), spec.sourceText(), spec.source().toString(),
                        spec.objective().metric(), spec.objective().direction(), Instant.now()));
            } catch (UserError raced) {
                // another process created it since our read (two sweeps started together): join it, if it matches
                existing = storage.findStudy(spec.name());
                if (existing.isEmpty()) {
                    throw raced;
                }
            }
        }
        if (existing.isPresent()) {
            Optional<String> differs = StudyMatch.difference(existing.get(), spec);
            if (differs.isPresent()) {
                throw new UserError("study '" + spec.name() + "' already exists with a different space file ("
                        + existing.get().spaceFile() + "; " + differs.get()
                        + "): rename the study or remove its results folder");
            }
        }
        recordBudget(storage, spec);
    }

    /** Records the budget, seed and time budget the study runs with. */
    public static void recordBudget(StudyStorage storage, StudySpec spec) {
        storage.setStudyAttribute(spec.name(), ATTRIBUTE_TRIALS, Integer.toString(spec.search().trials()));
        storage.setStudyAttribute(spec.name(), ATTRIBUTE_SEED, Long.toString(spec.search().seed()));
        if (spec.multiObjective()) {
            storage.setStudyAttribute(spec.name(), ParetoRanking.ATTRIBUTE, ParetoRanking.attribute(spec.objectives()));
        }
        if (!spec.constraints().isEmpty()) {
            storage.setStudyAttribute(spec.name(), Feasibility.ATTRIBUTE, Feasibility.attribute(spec.constraints()));
        }
        Duration time = spec.search().timeBudget();
        storage.setStudyAttribute(spec.name(), ATTRIBUTE_TIME_BUDGET, time == null ? NO_TIME_BUDGET : time.toString());
    }
}
