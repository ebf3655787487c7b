package dev.liandan.study;

import dev.liandan.space.StudySpec;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a backend needs to run one trial.
 *
 * @param artifactDir where the backend writes the trial's model and validation predictions (the backend
 *                    creates it when it writes there)
 */
public record TrialRequest(StudySpec spec, int number, Map<String, Object> params, long seed, Path artifactDir,
                           EpochListener listener) {
}
