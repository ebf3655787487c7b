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
 */
public record StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                        Objective objective, SearchSpec search, TrialSpec trial, PrunerSpec pruner) {

    public StudySpec {
        if (pruner == null) {
            pruner = PrunerSpec.none(null);
        }
    }

    /** A study of the dl4j backend without pruning. */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search) {
        this(name, source, sourceText, data, space, objective, search, null, PrunerSpec.none(null));
    }

    /** A study without pruning. */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search, TrialSpec trial) {
        this(name, source, sourceText, data, space, objective, search, trial, PrunerSpec.none(null));
    }

    /** A study of the dl4j backend. */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search, PrunerSpec pruner) {
        this(name, source, sourceText, data, space, objective, search, null, pruner);
    }

    public StudySpec withSearch(SearchSpec newSearch) {
        return new StudySpec(name, source, sourceText, data, space, objective, newSearch, trial, pruner);
    }

    public StudySpec withPruner(PrunerSpec newPruner) {
        return new StudySpec(name, source, sourceText, data, space, objective, search, trial, newPruner);
    }
}
