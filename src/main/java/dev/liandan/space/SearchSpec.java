package dev.liandan.space;

/**
 * How the study searches: the sampler's name, the trial budget, the seed of everything random,
 * and the sampler's options ({@code search.options}). The sampler's name and options are checked
 * by the sampler registry (a later layer), which reports a wrong name at {@code samplerLocation}
 * and a wrong option at its own place ({@link SamplerOptions#locationOf}).
 *
 * @param retries how many times the configuration of a trial whose worker was lost (interrupted,
 *                killed, a host gone) is re-run before the sampler proposes a new one instead
 * @param timeBudget no trial starts once this much wall time has passed since the study's first
 *                   trial started ({@code search.time_budget}, as Optuna's {@code timeout}); null: none
 * @param maxFailed  no trial starts once this many trials have FAILED ({@code search.max_failed}, as
 *                   Katib's {@code maxFailedTrialCount}); null: none
 */
public record SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation,
                         SamplerOptions options, int retries, java.time.Duration timeBudget, Integer maxFailed) {

    /** A search without a cap on failed trials. */
    public SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation,
                      SamplerOptions options, int retries, java.time.Duration timeBudget) {
        this(sampler, trials, seed, samplerLocation, options, retries, timeBudget, null);
    }

    /** The sampler of a space file without {@code search.sampler} and of a Java API study that names none. */
    public static final String DEFAULT_SAMPLER = "auto";

    /** What a space file without {@code search.retries} gets. */
    public static final int DEFAULT_RETRIES = 3;

    public SearchSpec {
        options = options == null ? SamplerOptions.NONE : options;
    }

    /** A search without sampler options or time budget, with the default retries. */
    public SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation) {
        this(sampler, trials, seed, samplerLocation, SamplerOptions.NONE);
    }

    /** A search with sampler options, the default retries and no time budget. */
    public SearchSpec(String sampler, int trials, long seed, SourceLocation samplerLocation, SamplerOptions options) {
        this(sampler, trials, seed, samplerLocation, options, DEFAULT_RETRIES, null);
    }

    /** The same search with another budget and seed (command-line overrides). */
    public SearchSpec withTrialsAndSeed(int newTrials, long newSeed) {
        return new SearchSpec(sampler, newTrials, newSeed, samplerLocation, options, retries, timeBudget, maxFailed);
    }

    /** The same search with another time budget (null: none). */
    public SearchSpec withTimeBudget(java.time.Duration newTimeBudget) {
        return new SearchSpec(sampler, trials, seed, samplerLocation, options, retries, newTimeBudget, maxFailed);
    }
}
