package dev.liandan.space;

import java.nio.file.Path;

/**
 * A parsed, validated space file: everything a study needs.
 *
 * @param source     the file it came from
 * @param sourceText the file's text, kept in storage so a resumed study can be checked against it
 * @param data       the data set; null for a command trial whose file has no data section
 * @param trial      the command trial (the {@code trial:} section), or null for the dl4j backend
 * @param pruner     {@code search.pruner}: which pruner stops unpromising trials early (never null)
 * @param ensemble   the {@code ensemble:} section: build an ensemble when a sweep ends; null for none
 * @param objectives every objective of the study, the first being {@code objective} (the one that
 *                   picks a trial's best epoch, prunes and ranks within a Pareto front); one for a
 *                   single-objective study
 * @param constraints {@code constraints:} on the trials' metrics; empty for none
 */
public record StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                        Objective objective, SearchSpec search, TrialSpec trial, PrunerSpec pruner,
                        EnsembleSpec ensemble, java.util.List<Objective> objectives,
                        java.util.List<Constraint> constraints) {

    public StudySpec {
        if (pruner == null) {
            pruner = PrunerSpec.none(null);
        }
        objectives = objectives == null || objectives.isEmpty() ? java.util.List.of(objective)
                : java.util.List.copyOf(objectives);
        constraints = constraints == null ? java.util.List.of() : java.util.List.copyOf(constraints);
        if (!objectives.get(0).equals(objective)) {
            throw new IllegalArgumentException("the first objective must be the study's objective");
        }
    }

    /** A study of one objective: the form before several objectives, kept for existing callers. */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search, TrialSpec trial, PrunerSpec pruner,
                     EnsembleSpec ensemble) {
        this(name, source, sourceText, data, space, objective, search, trial, pruner, ensemble, null, null);
    }

    /** A study without constraints. */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search, TrialSpec trial, PrunerSpec pruner,
                     EnsembleSpec ensemble, java.util.List<Objective> objectives) {
        this(name, source, sourceText, data, space, objective, search, trial, pruner, ensemble, objectives, null);
    }

    /** True for a study of several objectives (a Pareto front rather than one best trial). */
    public boolean multiObjective() {
        return objectives.size() > 1;
    }

    /** A study of the dl4j backend without pruning or ensemble. */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search) {
        this(name, source, sourceText, data, space, objective, search, null, null, null);
    }

    /** A study of the dl4j backend with a pruner. */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search, PrunerSpec pruner) {
        this(name, source, sourceText, data, space, objective, search, null, pruner, null);
    }

    public StudySpec withSpace(Space newSpace) {
        return new StudySpec(name, source, sourceText, data, newSpace, objective, search, trial, pruner, ensemble,
                objectives, constraints);
    }

    public StudySpec withSearch(SearchSpec newSearch) {
        return new StudySpec(name, source, sourceText, data, space, objective, newSearch, trial, pruner, ensemble,
                objectives, constraints);
    }

    public StudySpec withPruner(PrunerSpec newPruner) {
        return new StudySpec(name, source, sourceText, data, space, objective, search, trial, newPruner, ensemble,
                objectives, constraints);
    }
}
