package dev.liandan.command;

import dev.liandan.space.StudySpec;
import dev.liandan.study.TrialBackend;
import dev.liandan.train.Dl4jBackend;

/** Which backend runs a study's trials: the {@code trial:} section's program, else dl4j. */
public final class Backends {
    private Backends() {
    }

    public static TrialBackend forSpec(StudySpec spec) {
        return spec.trial() != null ? new CommandBackend() : new Dl4jBackend();
    }
}
