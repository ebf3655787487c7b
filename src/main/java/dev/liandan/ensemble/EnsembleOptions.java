package dev.liandan.ensemble;

import dev.liandan.space.EnsembleSpec;
import dev.liandan.core.UserError;

/**
 * What to build.
 *
 * @param topK           candidates: the study's best {@code topK} COMPLETE trials (configurations, for hierarchical),
 *                       by the (first) objective; not read when {@code trials} or {@code pareto} chooses them
 * @param size           caruana: most picks (with replacement)
 * @param seedsPerConfig hierarchical: members per configuration, the trial itself included; caruana: when > 1,
 *                       each of the best {@code reseedTop} configurations is trained again with
 *                       {@code seedsPerConfig - 1} new seeds and the new members join the candidate library
 *                       beside the trials (members of one configuration differ only by their seed, so they add
 *                       the seed-to-seed variance that averaging removes; Lakshminarayanan et al. 2017 "Deep
 *                       Ensembles" found such re-seeded networks already a strong ensemble)
 * @param fittedWeights  soft_vote: weights fitted on the validation predictions instead of equal ones
 * @param zip            also write the bundle as one zip file beside its folder
 * @param selectBy       caruana: the metric its greedy steps climb on validation; null: the objective's. Log
 *                       loss by default even for an accuracy objective: it is smooth, so each step is decided
 *                       by every row's probabilities rather than by the few rows whose label flips, and it
 *                       overfits the validation rows less (Caruana et al. 2004 optimise the target metric, but
 *                       on far larger hillclimb sets)
 * @param sortedInit     caruana: start from the best N candidates (Caruana et al. 2004, section 2.3)
 * @param bags           caruana: selections on random halves of the candidates, weights averaged (1: no bagging)
 * @param reseedTop      caruana: how many of the best configurations are retrained when {@code seedsPerConfig} > 1
 * @param keep           write the chosen ensemble even when it scores below the best single trial on the
 *                       validation cross-fit (by default the best single trial is written alone then)
 * @param trials         candidates: exactly these COMPLETE trials, by number (one trial: a bundle of it alone,
 *                       "deploy the trade-off I chose"); null: chosen by {@code topK} or {@code pareto}
 * @param pareto         candidates: the Pareto-optimal trials of a study of several objectives (the COMPLETE
 *                       trials that satisfy its constraints and that no other such trial dominates)
 */
public record EnsembleOptions(Method method, int topK, int size, int seedsPerConfig, boolean fittedWeights,
                              boolean zip, Metric selectBy, boolean sortedInit, int bags, int reseedTop, boolean keep,
                              java.util.List<Integer> trials, boolean pareto) {
    /**
     * caruana's defaults, chosen on the MNIST example by cross-fitting inside the validation split only
     * ({@code liandan bench ensemble}; bench/RESULTS.md, "Ensembles"): climbing the log loss, 20 bags,
     * from empty (sorted initialisation scored the same there).
     */
    public static final boolean DEFAULT_SORTED_INIT = false;
    public static final int DEFAULT_BAGS = 20;
    /** The metric caruana's greedy steps climb by default, whatever the objective: see {@link #selectBy}. */
    public static final String DEFAULT_SELECT_BY = "log_loss";
    /** The {@code --init} word of {@link #DEFAULT_SORTED_INIT}. */
    public static final String DEFAULT_INIT = DEFAULT_SORTED_INIT ? "sorted" : "empty";
    /** Each bag holds this share of the candidates (Caruana et al. 2004: p = 0.5). */
    public static final double BAG_FRACTION = 0.5;
    /** The bags are drawn from this fixed seed: the same study gives the same ensemble. */
    public static final long BAG_SEED = 1;

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
        if (bags < 1) {
            throw new UserError("--bags must be >= 1, got " + bags);
        }
        if (reseedTop < 1) {
            throw new UserError("--reseed-top must be >= 1, got " + reseedTop);
        }
        if (seedsPerConfig > 1 && method != Method.HIERARCHICAL && method != Method.CARUANA) {
            throw new UserError("--seeds-per-config is for hierarchical and caruana only (method is " + method.id()
                    + ")");
        }
        if (fittedWeights && method != Method.SOFT_VOTE) {
            throw new UserError("fitted weights are for soft_vote only (method is " + method.id() + ")");
        }
        if (trials != null) {
            if (pareto) {
                throw new UserError("--trials and --pareto each choose the candidates: give one");
            }
            if (trials.isEmpty()) {
                throw new UserError("--trials needs at least one trial number");
            }
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (Integer n : trials) {
                if (n == null || n < 0) {
                    throw new UserError("--trials: trial numbers count from 0, got " + n);
                }
                if (!seen.add(n)) {
                    throw new UserError("--trials: trial " + n + " is listed twice");
                }
            }
            trials = java.util.List.copyOf(trials);
        }
    }

    /** Candidates by {@code topK}: the form before {@code trials} and {@code pareto}. */
    public EnsembleOptions(Method method, int topK, int size, int seedsPerConfig, boolean fittedWeights,
                           boolean zip, Metric selectBy, boolean sortedInit, int bags, int reseedTop, boolean keep) {
        this(method, topK, size, seedsPerConfig, fittedWeights, zip, selectBy, sortedInit, bags, reseedTop, keep,
                null, false);
    }

    /** The same options with exactly the trials numbered {@code numbers} as candidates ({@link #trials}). */
    public EnsembleOptions withTrials(java.util.List<Integer> numbers) {
        return new EnsembleOptions(method, topK, size, seedsPerConfig, fittedWeights, zip, selectBy, sortedInit, bags,
                reseedTop, keep, numbers, false);
    }

    /** The same options with the Pareto-optimal trials as candidates ({@link #pareto}). */
    public EnsembleOptions withPareto() {
        return new EnsembleOptions(method, topK, size, seedsPerConfig, fittedWeights, zip, selectBy, sortedInit, bags,
                reseedTop, keep, null, true);
    }

    /** How the candidates were chosen, as the manifest records it: {@code top 10}, {@code trials} or {@code pareto}. */
    public String candidatesFrom() {
        return trials != null ? "trials" : pareto ? "pareto" : "top " + topK;
    }

    /** Without {@code keep}: an ensemble that loses to the best single trial on the cross-fit is not written. */
    public EnsembleOptions(Method method, int topK, int size, int seedsPerConfig, boolean fittedWeights,
                           boolean zip, Metric selectBy, boolean sortedInit, int bags, int reseedTop) {
        this(method, topK, size, seedsPerConfig, fittedWeights, zip, selectBy, sortedInit, bags, reseedTop, false);
    }

    /** The same options with {@code keep} set. */
    public EnsembleOptions keeping(boolean keepEnsemble) {
        return new EnsembleOptions(method, topK, size, seedsPerConfig, fittedWeights, zip, selectBy, sortedInit, bags,
                reseedTop, keepEnsemble, trials, pareto);
    }

    /** With the default number of configurations retrained for caruana. */
    public EnsembleOptions(Method method, int topK, int size, int seedsPerConfig, boolean fittedWeights,
                           boolean zip, Metric selectBy, boolean sortedInit, int bags) {
        this(method, topK, size, seedsPerConfig, fittedWeights, zip, selectBy, sortedInit, bags,
                EnsembleSpec.DEFAULT_RESEED_TOP);
    }

    /** With caruana's settings at their defaults. */
    public EnsembleOptions(Method method, int topK, int size, int seedsPerConfig, boolean fittedWeights, boolean zip) {
        this(method, topK, size, seedsPerConfig, fittedWeights, zip, Metric.ofId(DEFAULT_SELECT_BY),
                DEFAULT_SORTED_INIT, DEFAULT_BAGS);
    }

    /** {@code liandan ensemble}'s defaults: caruana over the best {@value EnsembleSpec#DEFAULT_TOP_K} trials. */
    public static EnsembleOptions defaults() {
        return new EnsembleOptions(Method.of(EnsembleSpec.DEFAULT_METHOD), EnsembleSpec.DEFAULT_TOP_K,
                EnsembleSpec.DEFAULT_SIZE, 1, false, false);
    }

    /** The options a space file's {@code ensemble:} section asks for. */
    public static EnsembleOptions of(EnsembleSpec spec) {
        int seeds = spec.seedsPerConfig() == null ? EnsembleSpec.defaultSeedsPerConfig(spec.method())
                : spec.seedsPerConfig();
        return new EnsembleOptions(Method.of(spec.method()), spec.topK(), spec.size(), seeds,
                "fitted".equals(spec.weights()), spec.zip(), Metric.ofId(DEFAULT_SELECT_BY), DEFAULT_SORTED_INIT,
                DEFAULT_BAGS, spec.reseedTop());
    }

    /** caruana with retrained seeds: how many configurations get new seeds (0 when none). */
    public int reseededConfigs() {
        return method == Method.CARUANA && seedsPerConfig > 1 ? reseedTop : 0;
    }

    /** caruana's selection settings; {@code objective} is the metric used when {@link #selectBy} is null. */
    public CaruanaSelection.Settings caruana() {
        return new CaruanaSelection.Settings(size, sortedInit, bags, bags == 1 ? 1.0 : BAG_FRACTION, BAG_SEED);
    }
}
