package dev.liandan.space;

import java.nio.file.Path;

/**
 * A parsed, validated space file: everything a study needs.
 *
 * @param source     the file it came from
 * @param sourceText the file's text, kept in storage so a resumed study can be checked against it
 */
public record StudySpec(String name, Path source, String sourceText, DataSpec data, Space space,
                        Objective objective, SearchSpec search) {

    public StudySpec withSearch(SearchSpec newSearch) {
        return new StudySpec(name, source, sourceText, data, space, objective, newSearch);
    }
}
