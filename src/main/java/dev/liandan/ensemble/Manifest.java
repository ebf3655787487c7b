package dev.liandan.ensemble;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.liandan.space.DataSpec;
import dev.liandan.train.FeatureScaler;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code manifest.json} of an ensemble bundle: everything needed to use the members' model files
 * on new rows, and how the ensemble was chosen and how well it did. Format
 * {@value #FORMAT}: fields are only added within a format version; an incompatible change bumps it.
 *
 * @param format         {@value #FORMAT}
 * @param liandanVersion the version that wrote the bundle
 * @param method         soft_vote, hard_vote, hierarchical or caruana: how the members' outputs combine
 * @param labels         class names; class index {@code c} of every probability vector is {@code labels[c]}
 * @param input          the feature columns and their normalisation
 * @param metric         the metric the ensemble was chosen by, on validation and (held-out) test rows
 * @param bestSingle     the study's best trial scored the same way, for comparison
 * @param selection      how the members were chosen
 * @param members        the members, each with its model file (relative to the bundle) and weight
 * @param crossFit       the chosen ensemble against the best single trial on the validation cross-fit, and
 *                       whether the best single trial was written instead
 * @param task           {@code regression} for a bundle that predicts numbers (its {@code labels} are empty);
 *                       absent for classification
 * @param target         regression: the standardisation of the target the members' outputs are undone with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String format,
                       @JsonProperty("liandan_version") String liandanVersion,
                       @JsonProperty("created_at") String createdAt,
                       String study,
                       String method,
                       List<String> labels,
                       Input input,
                       Score metric,
                       @JsonProperty("best_single") Member bestSingle,
                       Selection selection,
                       List<Member> members,
                       @JsonProperty("cross_fit") CrossFit crossFit,
                       String task,
                       Target target) {

    public static final String REGRESSION = "regression";

    /** A classification manifest without a cross-fit verdict (bundles written before it was recorded). */
    public Manifest(String format, String liandanVersion, String createdAt, String study, String method,
                    List<String> labels, Input input, Score metric, Member bestSingle, Selection selection,
                    List<Member> members) {
        this(format, liandanVersion, createdAt, study, method, labels, input, metric, bestSingle, selection, members,
                null, null, null);
    }

    /** A classification manifest with its cross-fit verdict. */
    public Manifest(String format, String liandanVersion, String createdAt, String study, String method,
                    List<String> labels, Input input, Score metric, Member bestSingle, Selection selection,
                    List<Member> members, CrossFit crossFit) {
        this(format, liandanVersion, createdAt, study, method, labels, input, metric, bestSingle, selection, members,
                crossFit, null, null);
    }

    /** True for a bundle that predicts numbers. */
    public boolean regression() {
        return REGRESSION.equals(task);
    }

    /** A regression target's training-split mean and standard deviation: {@code y = output * std + mean}. */
    public record Target(double mean, double std) {
    }

    public static final String FORMAT = "liandan-ensemble/1";

    /**
     * The input schema: raw feature columns in the order the models read them, and the training
     * split's statistics that normalise them ({@code normalization} says which ones apply). A bundle
     * of a user's own networks reads flat rows of {@code features} values, reshaped to {@code shape}
     * per example; its normalisation is {@code none} here (each member file keeps the DL4J normaliser
     * its trial's validation iterator had, if any).
     *
     * @param shape one example's shape as the members read it ({@code [channels, height, width]}, ...);
     *              absent: {@code [features]}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(List<String> features,
                        @JsonProperty("label_column") String labelColumn,
                        String normalization,
                        double[] mean, double[] std, double[] min, double[] max,
                        List<Long> shape) {

        /** A schema of flat rows. */
        public Input(List<String> features, String labelColumn, String normalization, double[] mean, double[] std,
                     double[] min, double[] max) {
            this(features, labelColumn, normalization, mean, std, min, max, null);
        }

        static Input of(List<String> features, String labelColumn, FeatureScaler s) {
            return new Input(features, labelColumn, s.method().name().toLowerCase(Locale.ROOT), s.mean(), s.std(),
                    s.min(), s.max());
        }

        /** The rows of own networks: {@code x0, x1, ...}, as many as one example of {@code shape} holds, as they are. */
        static Input raw(List<Long> shape) {
            int d = Math.toIntExact(shape.stream().reduce(1L, Math::multiplyExact));
            List<String> names = java.util.stream.IntStream.range(0, d).mapToObj(j -> "x" + j).toList();
            return new Input(names, null, DataSpec.Normalization.NONE.name().toLowerCase(Locale.ROOT), null, null, null,
                    null, List.copyOf(shape));
        }

        FeatureScaler scaler() {
            DataSpec.Normalization method = DataSpec.Normalization.valueOf(normalization.toUpperCase(Locale.ROOT));
            if (mean == null && method == DataSpec.Normalization.NONE) {
                return FeatureScaler.fit(method, new double[0], 0, features.size());
            }
            return new FeatureScaler(method, mean, std, min, max);
        }

        /** One example's shape as the members read it. */
        long[] exampleShape() {
            return shape == null ? new long[]{features.size()} : shape.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * Held-out accuracy on the validation cross-fit ({@link ValidationCrossCheck}: {@code repeats}
     * random halvings, chosen on one half, scored on the other) of the ensemble the method chose and
     * of the best single trial.
     *
     * @param chosenMethod the method asked for
     * @param replaced     true when the ensemble scored below the best single trial and the bundle holds
     *                     that trial alone
     */
    public record CrossFit(@JsonProperty("chosen_method") String chosenMethod, Double ensemble,
                           @JsonProperty("best_single") Double bestSingle, int repeats, boolean replaced) {
    }

    /** A metric's value on the validation split (selection) and on the held-out test split. */
    public record Score(String name, Double validation, Double test) {
    }

    /**
     * @param file      the DL4J model file, relative to the bundle (null for {@code best_single})
     * @param trial     the trial of the study whose configuration this is
     * @param group     hierarchical: the configuration (its trial number) this member belongs to
     * @param seed      the training seed
     * @param retrained true for members retrained with a new seed (hierarchical; caruana with seeds_per_config > 1)
     * @param weight    the member's weight in the combination (weights sum to 1)
     * @param params    the trial's whole configuration
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(String file, int trial, Integer group, Long seed, Boolean retrained, Double weight,
                         Map<String, Object> params, Double validation, Double test) {
    }

    /**
     * @param seedsPerConfig hierarchical: members per configuration; caruana: members per retrained configuration
     * @param candidates the trials the ensemble was chosen from, best first; caruana with retrained seeds: then
     *                   the retrained members' trial numbers (one entry per member)
     * @param candidateSeeds caruana with retrained seeds: each candidate's training seed, parallel to
     *                   {@code candidates} (absent otherwise)
     * @param orderSeeds caruana with retrained seeds: the seeds of {@code order}'s picks, parallel to it
     * @param reseedTop  caruana with retrained seeds: how many of the best configurations were retrained
     * @param order      caruana: the candidates' trial numbers in the order they were picked (whole run;
     *                   the first bag's when bagged)
     * @param trajectory caruana: the validation metric after each pick (of that run)
     * @param selectBy   caruana: the metric the greedy steps maximise on validation (accuracy or log_loss)
     * @param init       caruana: {@code empty}, or {@code sorted} (start from the best N candidates)
     * @param bags       caruana: runs on random halves of the candidates whose weights are averaged
     * @param candidatesFrom how the candidates were chosen: {@code top K} (the best K trials by the first
     *                   objective), {@code trials} (named by the user) or {@code pareto} (the Pareto front)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Selection(@JsonProperty("top_k") int topK,
                            Integer size,
                            @JsonProperty("seeds_per_config") Integer seedsPerConfig,
                            String weights,
                            List<Integer> candidates,
                            List<Integer> order,
                            List<Double> trajectory,
                            @JsonProperty("select_by") String selectBy,
                            String init,
                            Integer bags,
                            @JsonProperty("reseed_top") Integer reseedTop,
                            @JsonProperty("candidate_seeds") List<Long> candidateSeeds,
                            @JsonProperty("order_seeds") List<Long> orderSeeds,
                            @JsonProperty("candidates_from") String candidatesFrom) {
        /** A selection without the caruana-only settings. */
        public Selection(int topK, Integer size, Integer seedsPerConfig, String weights, List<Integer> candidates) {
            this(topK, size, seedsPerConfig, weights, candidates, null, null, null, null, null, null, null, null);
        }

        /** A selection without {@code candidates_from} (bundles written before it was recorded). */
        public Selection(int topK, Integer size, Integer seedsPerConfig, String weights, List<Integer> candidates,
                         List<Integer> order, List<Double> trajectory, String selectBy, String init, Integer bags,
                         Integer reseedTop, List<Long> candidateSeeds, List<Long> orderSeeds) {
            this(topK, size, seedsPerConfig, weights, candidates, order, trajectory, selectBy, init, bags, reseedTop,
                    candidateSeeds, orderSeeds, null);
        }

        /** The same selection, recording how its candidates were chosen. */
        public Selection from(String how) {
            return new Selection(topK, size, seedsPerConfig, weights, candidates, order, trajectory, selectBy, init,
                    bags, reseedTop, candidateSeeds, orderSeeds, how);
        }
    }
}
