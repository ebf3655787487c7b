package dev.liandan.space;

import java.util.List;

/**
 * The optional {@code ensemble:} section of a space file: build an ensemble of the study's top
 * trials when a sweep ends. The ensemble package reads these values; the names of methods and
 * weightings are listed here so that the space file can be checked without it.
 *
 * @param method         soft_vote, hard_vote, hierarchical or caruana
 * @param topK           how many of the best trials (configurations, for hierarchical) are candidates
 * @param size           caruana: most members picked (with replacement)
 * @param seedsPerConfig hierarchical and caruana: members per configuration (the trial itself plus retrained
 *                       seeds); null: the method's default ({@link #defaultSeedsPerConfig})
 * @param reseedTop      caruana: how many of the best configurations are retrained with new seeds when
 *                       {@code seedsPerConfig} > 1
 * @param weights        soft_vote: equal, or fitted on the validation predictions
 * @param zip            also write the bundle as one zip file
 */
public record EnsembleSpec(String method, int topK, int size, Integer seedsPerConfig, int reseedTop, String weights,
                           boolean zip) {
    public static final List<String> METHODS = List.of("caruana", "soft_vote", "hard_vote", "hierarchical");
    public static final List<String> WEIGHTS = List.of("equal", "fitted");
    public static final String DEFAULT_METHOD = "caruana";
    public static final int DEFAULT_TOP_K = 10;
    public static final int DEFAULT_SIZE = 20;
    /** hierarchical's members per configuration by default; the other methods train nothing unless asked. */
    public static final int DEFAULT_SEEDS_PER_CONFIG = 3;
    /** caruana with {@code seeds_per_config} > 1: the best configurations retrained with new seeds. */
    public static final int DEFAULT_RESEED_TOP = 5;
    public static final String DEFAULT_WEIGHTS = "equal";

    /** Every key at its default. */
    public static EnsembleSpec defaults() {
        return new EnsembleSpec(DEFAULT_METHOD, DEFAULT_TOP_K, DEFAULT_SIZE, null, DEFAULT_RESEED_TOP,
                DEFAULT_WEIGHTS, false);
    }

    /**
     * Members per configuration when none is given: {@value #DEFAULT_SEEDS_PER_CONFIG} for hierarchical
     * (it is made of retrained seeds), 1 for the others (caruana retrains only when asked: each seed is
     * a full training of a top configuration).
     */
    public static int defaultSeedsPerConfig(String method) {
        return method.equals("hierarchical") ? DEFAULT_SEEDS_PER_CONFIG : 1;
    }
}
