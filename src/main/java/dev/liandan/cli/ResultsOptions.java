package dev.liandan.cli;

import dev.liandan.storage.JdbcStorage;
import dev.liandan.storage.Storages;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where studies live: {@code DIR/<study>/study.db} and the trials' artifacts beside it, or a
 * storage named by {@code --storage} (PostgreSQL for many hosts) with the artifacts still under
 * {@code DIR/<study>/}.
 */
final class ResultsOptions {
    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "results folder (default: ${DEFAULT-VALUE}); a study lives in DIR/<study>/")
    Path results;

    @Option(names = "--storage", paramLabel = "URL",
            description = "keep the study there instead of DIR/<study>/study.db: "
                    + "jdbc:postgresql://HOST:PORT/DB?user=NAME (password from $PGPASSWORD or --password-file), "
                    + "sqlite:PATH or a file path")
    String storage;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "a file whose first line is the PostgreSQL password (never printed)")
    Path passwordFile;

    Path studyDir(String study) {
        return results.resolve(study);
    }

    Path database(String study) {
        return studyDir(study).resolve("study.db");
    }

    /** Opens the study's storage: --storage if given, else the SQLite file of the study. */
    StudyStorage open(String study) {
        return storage != null ? Storages.open(storage, passwordFile) : JdbcStorage.sqlite(database(study));
    }

    /** What a worker process is given as --storage to reach the same storage. */
    String storageArgument(String study) {
        return storage != null ? storage : database(study).toAbsolutePath().toString();
    }
}
