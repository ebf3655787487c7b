package dev.liandan.space;

import java.nio.file.Path;

/**
 * A parsed, validated space file: everything a study needs.
 *
 * @param source     the file it came from
 * @param sourceText the file's text, kept in storage so a resumed study can be checked against it
 * @param ensemble   the {@code ensemble:} section: build an ensemble when a sweep ends; null for none
 */
public record StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                        Objective objective, SearchSpec search, EnsembleSpec ensemble) {

    /** A study without an {@code ensemble:} section. */
    public StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                     Objective objective, SearchSpec search) {
        this(name, source, sourceText, data, space, objective, search, null);
    }

    public StudySpec withSearch(SearchSpec newSearch) {
        return new StudySpec(name, source, sourceText, data, space, objective, newSearch, ensemble);
    }
}
