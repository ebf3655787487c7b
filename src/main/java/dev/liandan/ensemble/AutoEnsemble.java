package dev.liandan.ensemble;

import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.study.StudyResult;
import dev.liandan.study.StudyStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code ensemble:} section of a space file: an ensemble built when a sweep ends. */
public final class AutoEnsemble {
    private AutoEnsemble() {
    }

    /**
     * Builds the ensemble the study's space file asks for, or nothing when it has no
     * {@code ensemble:} section. A study with nothing to build from (no COMPLETE trial, no test
     * split) gets a note instead: the sweep itself succeeded.
     */
    public static Optional<EnsembleResult> afterSweep(StudySpec spec, StudyResult sweep, StudyStorage storage,
                                                      Path studyDir, EnsembleListener listener) {
        if (spec.ensemble() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EnsembleBuilder.build(spec, storage.trials(spec.name()), studyDir,
                    EnsembleOptions.of(spec.ensemble()), listener));
        } catch (UserError e) {
            listener.note("no ensemble built: " + e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
