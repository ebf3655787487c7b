package dev.liandan.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where studies live: {@code DIR/<study>/study.db} and the trials' artifacts beside it. */
final class ResultsOptions {
    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "results folder (default: ${DEFAULT-VALUE}); a study lives in DIR/<study>/")
    Path results;

    Path studyDir(String study) {
        return results.resolve(study);
    }

    Path database(String study) {
        return studyDir(study).resolve("study.db");
    }
}
