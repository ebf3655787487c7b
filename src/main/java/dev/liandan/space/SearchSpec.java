package dev.liandan.space;

/**
 * How the study searches: the sampler's name, the trial budget, the seed of everything random,
 * and the sampler's options ({@code search.options}). The sampler's name and options are checked
 * by the sampler registry (a later layer), which reports a wrong name at {@code samplerLocation}
 * and a wrong option at its own place ({@link SamplerOptions#locationOf}).
 */
public record SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation,
                         SamplerOptions options) {

    public SearchSpec {
        options = options == null ? SamplerOptions.NONE : options;
    }

    /** A search without sampler options. */
    public SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation) {
        this(sampler, trials, seed, samplerLocation, SamplerOptions.NONE);
    }
}
