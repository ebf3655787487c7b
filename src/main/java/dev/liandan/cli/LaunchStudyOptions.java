package dev.liandan.cli;

import dev.liandan.core.UserError;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.study.JoinStudy;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** The study options every {@code liandan launch} engine takes: its trials, its seed, and when a silent trial is lost. */
final class LaunchStudyOptions {
    @Option(names = "--trials", paramLabel = "N", description = "trials to finish (default: search.trials of the file)")
    Integer trials;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the search (default: search.seed of the file)")
    Long seed;

    @Option(names = "--heartbeat-grace", paramLabel = "SECONDS", defaultValue = "60",
            description = "a RUNNING trial whose heartbeat is older than this is taken as lost and re-run "
                    + "(default: ${DEFAULT-VALUE})")
    double heartbeatGrace;

    /** The study of the space file, with {@code --trials} and {@code --seed} where given. */
    StudySpec study(Path file) {
        StudySpec study = SpaceFileParser.parse(file);
        if (trials != null && trials < 1) {
            throw new UserError("--trials must be >= 1, got " + trials);
        }
        return study.withSearch(study.search().withTrialsAndSeed(trials != null ? trials : study.search().trials(),
                seed != null ? seed : study.search().seed()));
    }

    Duration heartbeatGrace() {
        return JoinStudy.seconds(heartbeatGrace, "--heartbeat-grace");
    }
}
