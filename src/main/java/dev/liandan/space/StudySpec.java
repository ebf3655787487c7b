package dev.liandan.space;

import java.nio.file.Path;

/**
 * A parsed, validated space file: everything a study needs.
 *
 * @param source     the file it came from
 * @param sourceText the file's text, kept in storage so a resumed study can be checked against it
 * @param pruner     {@code search.pruner}: which pruner stops unpromising trials early (never null)
 */
public record StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                        Objective objective, SearchSpec search, PrunerSpec pruner) {

    public StudySpec {
        if (pruner == null) {
            pruner = PrunerSpec.none(null);
        }
    }

    /** A study without pruning (the signature before pruners existed). */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search) {
        this(name, source, sourceText, data, space, objective, search, PrunerSpec.none(null));
    }

    public StudySpec withSearch(SearchSpec newSearch) {
        return new StudySpec(name, source, sourceText, data, space, objective, newSearch, pruner);
    }

    public StudySpec withPruner(PrunerSpec newPruner) {
        return new StudySpec(name, source, sourceText, data, space, objective, search, newPruner);
    }
}
