package dev.liandan.space;

/**
 * How the study searches: the sampler's name, the trial budget and the seed of everything random.
 * The sampler's name is checked by the sampler registry (a later layer), which reports a wrong
 * name at {@code samplerLocation}.
 */
public record SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation) {
}
