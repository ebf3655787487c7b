package dev.liandan.cli;

import dev.liandan.core.UserError;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An existing study a command works on: {@code --study NAME} and where it lives
 * ({@link ResultsOptions}: {@code --results}, {@code --storage}, {@code --password-file}). A picocli
 * mixin, so that each command declares these options once and opens the study the same way.
 * {@code worker} describes {@code --study} in its own words, hence {@link Joined}.
 */
abstract class StudyLocation {
    @Mixin
    ResultsOptions results;

    abstract String study();

    /** The study's folder: {@code DIR/<study>/}, where its artifacts and report live. */
    Path dir() {
        return results.studyDir(study());
    }

    /**
     * Opens the study's storage: {@code --storage} if given, else its SQLite file, which must
     * exist (a command that reads a study never creates one).
     *
     * @param hint appended to the "does not exist" message ("" for none)
     */
    StudyStorage open(String hint) {
        Path db = results.database(study());
        if (results.storage == null && !Files.isRegularFile(db)) {
            throw new UserError("no study '" + study() + "' in " + results.results + " (" + db + " does not exist)" + hint);
        }
        return results.open(study());
    }

    StudyStorage open() {
        return open("");
    }

    /** The study's record in {@code storage}; a user error if it holds none of that name. */
    StudyRecord record(StudyStorage storage) {
        return storage.findStudy(study())
                .orElseThrow(() -> new UserError(storage + " holds no study named '" + study() + "'"));
    }

    /** {@code --study NAME}: "the study's name". */
    static final class Named extends StudyLocation {
        @Option(names = "--study", required = true, paramLabel = "NAME", description = "the study's name")
        String study;

        @Override
        String study() {
            return SpaceFileParser.checkStudyName(study, "--study");
        }
    }

    /** {@code --study NAME} as {@code worker} says it: "the study to join". */
    static final class Joined extends StudyLocation {
        @Option(names = "--study", required = true, paramLabel = "NAME", description = "the study to join")
        String study;

        @Override
        String study() {
            return SpaceFileParser.checkStudyName(study, "--study");
        }
    }
}
