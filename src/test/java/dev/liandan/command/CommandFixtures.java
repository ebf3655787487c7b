package dev.liandan.command;

import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.study.EpochListener;
import dev.liandan.study.TrialOutcome;
import dev.liandan.study.TrialRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Space files for command trials around the test program src/test/resources/command/trial.py. */
final class CommandFixtures {
    private CommandFixtures() {
    }

    /** Copies trial.py into {@code dir}. */
    static Path program(Path dir) {
        try (InputStream in = CommandFixtures.class.getResourceAsStream("/command/trial.py")) {
            Path p = dir.resolve("trial.py");
            Files.write(p, in.readAllBytes());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A space file in {@code dir} with {@code params} and {@code trial} sections (YAML, indented by two). */
    static StudySpec spec(Path dir, String params, String trial) {
        program(dir);
        String yaml = "study: cmd\n"
                + "params:\n" + params
                + "trial:\n" + trial
                + "objective:\n  metric: score\n  direction: maximize\n";
        try {
            Path file = dir.resolve("space.yaml");
            Files.writeString(file, yaml);
            return SpaceFileParser.parse(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trial section that runs trial.py in {@code mode}, with extra lines (indented by two). */
    static String trial(String mode, String extra) {
        return "  command: [python3, trial.py, " + mode + "]\n" + extra;
    }

    /** Epochs and metrics a listener was told, in order. */
    static final class Recorder implements EpochListener {
        final List<Integer> epochs = new ArrayList<>();
        final List<Map<String, Double>> metrics = new ArrayList<>();
        private final int stopAt;

        Recorder(int stopAt) {
            this.stopAt = stopAt;
        }

        Recorder() {
            this(Integer.MAX_VALUE);
        }

        @Override
        public boolean epochEnded(int epoch, Map<String, Double> m) {
            epochs.add(epoch);
            metrics.add(m);
            return epoch < stopAt;
        }
    }

    static TrialOutcome run(StudySpec spec, Map<String, Object> searched, Path artifacts, EpochListener listener)
            throws Exception {
        Map<String, Object> params = spec.space().resolve(searched);
        return new CommandBackend().run(new TrialRequest(spec, 7, params, 1234L, artifacts, listener));
    }
}
