package dev.liandan.space;

/** How the study searches: the sampler's name, the trial budget and the seed of everything random. */
public record SearchSpec(String sampler, int trials, long seed) {
}
