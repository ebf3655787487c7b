package dev.liandan.ensemble;

import dev.liandan.space.EnsembleSpec;
import dev.liandan.space.UserError;

/**
 * What to build.
 *
 * @param topK           candidates: the study's best {@code topK} COMPLETE trials (configurations, for hierarchical)
 * @param size           caruana: most picks (with replacement)
 * @param seedsPerConfig hierarchical: members per configuration, the trial itself included
 * @param fittedWeights  soft_vote: weights fitted on the validation predictions instead of equal ones
 * @param zip            also write the bundle as one zip file beside its folder
 */
public record EnsembleOptions(Method method, int topK, int size, int seedsPerConfig, boolean fittedWeights,
                              boolean zip) {

    public EnsembleOptions {
        if (topK < 1) {
            throw new UserError("--top must be >= 1, got " + topK);
        }
        if (size < 1) {
            throw new UserError("--size must be >= 1, got " + size);
        }
        if (seedsPerConfig < 1) {
            throw new UserError("--seeds-per-config must be >= 1, got " + seedsPerConfig);
        }
        if (fittedWeights && method != Method.SOFT_VOTE) {
            throw new UserError("fitted weights are for soft_vote only (method is " + method.id() + ")");
        }
    }

    /** The options a space file's {@code ensemble:} section asks for. */
    public static EnsembleOptions of(EnsembleSpec spec) {
        return new EnsembleOptions(Method.of(spec.method()), spec.topK(), spec.size(), spec.seedsPerConfig(),
                "fitted".equals(spec.weights()), spec.zip());
    }
}
