package dev.liandan.space;

/**
 * How the study searches: the sampler's name, the trial budget and the seed of everything random.
 * The sampler's name is checked by the sampler registry (a later layer), which reports a wrong
 * name at {@code samplerLocation}.
 *
 * @param retries how many times the configuration of a trial whose worker was lost (interrupted,
 *                killed, a host gone) is re-run before the sampler proposes a new one instead
 */
public record SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation, int retries) {

    /** What a space file without {@code search.retries} gets. */
    public static final int DEFAULT_RETRIES = 3;

    public SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation) {
        this(sampler, trials, seed, samplerLocation, DEFAULT_RETRIES);
    }

    /** The same search with another budget and seed (command-line overrides). */
    public SearchSpec withTrialsAndSeed(int newTrials, long newSeed) {
        return new SearchSpec(sampler, newTrials, newSeed, samplerLocation, retries);
    }
}
