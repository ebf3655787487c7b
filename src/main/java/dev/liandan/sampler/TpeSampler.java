package dev.liandan.sampler;

import dev.liandan.space.CategoricalParam;
import dev.liandan.space.Direction;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and Kégl, "Algorithms for
 * Hyper-Parameter Optimization", NeurIPS 2011), with the defaults and refinements of Optuna 3.1's
 * TPESampler. After a random start-up phase, the finished trials are split by a quantile of their
 * values into good (the best γ(n) = min(⌈γ n⌉, 25)) and bad; a {@link ParzenEstimator} l(x) is
 * fitted to the good and g(x) to the bad, and of {@code candidates} points drawn from l the one
 * with the largest l(x) / g(x) (the expected-improvement criterion) is proposed. Everything is
 * done on each parameter's unit interval, so log scales are modelled in log space, and integers
 * and steps are rounded by {@link SearchableParam#fromUnit}.
 *
 * <ul>
 * <li>Univariate (default): each parameter is modelled on its own, over the trials in which it was
 *     active, so a conditional parameter learns only from the trials that used it.</li>
 * <li>{@code multivariate}: the parameters that are always active are modelled jointly
 *     (Falkner et al. 2018's product kernels, as in Optuna); each candidate comes from one good
 *     trial's kernel in every dimension at once. Conditional ones stay univariate.</li>
 * <li>{@code constant_liar}: RUNNING trials join the model as if they had the worst value, so
 *     parallel workers are pushed away from points already being evaluated.</li>
 * </ul>
 * PRUNED trials count with their value (the best intermediate value they reached); FAILED ones are
 * left out. Stateless: the seed, the index and the history decide.
 */
public final class TpeSampler implements Sampler {

    /** The options of {@code search.options}, with Optuna's defaults. */
    record Config(int startupTrials, double gamma, int candidates, boolean multivariate, boolean constantLiar,
                  double priorWeight) {
    }

    static final Config DEFAULTS = new Config(10, 0.1, 24, false, false, 1.0);
    private static final int MAX_GOOD = 25;

    private final Config config;

    public TpeSampler() {
        this(DEFAULTS);
    }

    TpeSampler(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "tpe";
    }

    @Override
    public Sampler configure(Map<String, Object> options) {
        OptionReader r = new OptionReader(name(), options);
        Config c = new Config(
                r.integer("startup_trials", DEFAULTS.startupTrials(), 0, 1_000_000),
                r.number("gamma", DEFAULTS.gamma(), 0, 1),
                r.integer("candidates", DEFAULTS.candidates(), 1, 10_000),
                r.bool("multivariate", DEFAULTS.multivariate()),
                r.bool("constant_liar", DEFAULTS.constantLiar()),
                r.number("prior_weight", DEFAULTS.priorWeight(), 0, 1_000));
        r.done();
        return new TpeSampler(c);
    }

    /** A trial the model learns from: lower score is better; a lying RUNNING trial scores +inf. */
    private record Scored(int number, Map<String, Object> params, double score) {
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        Space space = request.space();
        SplittableRandom rng = new SplittableRandom(Seeds.mix(request.seed(), request.index()));
        List<Scored> scored = scored(request);
        long finished = scored.stream().filter(s -> s.score() != Double.POSITIVE_INFINITY).count();
        if (finished < config.startupTrials()) {
            // the same draws as the random sampler, so the start-up phase is plain random search
            return Optional.of(space.assign(p -> p.fromUnit(rng.nextDouble())));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).thenComparingInt(Scored::number));
        Map<String, Double> joint = config.multivariate() ? joint(space, scored, rng) : Map.of();
        return Optional.of(space.assign(p -> {
            Double u = joint.get(p.name());
            return p.fromUnit(u != null ? u : univariate(p, scored, rng));
        }));
    }

    /** COMPLETE and PRUNED trials with a finite value, plus RUNNING ones as liars when asked. */
    private List<Scored> scored(SampleRequest request) {
        double sign = request.direction() == Direction.MAXIMIZE ? -1 : 1;
        List<Scored> out = new ArrayList<>();
        for (Observation o : request.history()) {
            boolean valued = (o.state() == TrialState.COMPLETE || o.state() == TrialState.PRUNED)
                    && o.value() != null && Double.isFinite(o.value());
            if (valued) {
                out.add(new Scored(o.number(), o.params(), sign * o.value()));
            } else if (config.constantLiar() && o.state() == TrialState.RUNNING && o.params() != null) {
                out.add(new Scored(o.number(), o.params(), Double.POSITIVE_INFINITY));
            }
        }
        return out;
    }

    /** One parameter over the trials in which it was active; returns a unit value. */
    private double univariate(SearchableParam p, List<Scored> sorted, SplittableRandom rng) {
        List<SearchableParam> one = List.of(p);
        List<double[]> points = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (Scored s : sorted) {
            double[] u = units(one, s.params());
            if (u != null) {
                points.add(u);
                numbers.add(s.number());
            }
        }
        return propose(one, points, numbers, rng, false)[0];
    }

    /** The always-active parameters, modelled jointly; returns their unit values by name. */
    private Map<String, Double> joint(Space space, List<Scored> sorted, SplittableRandom rng) {
        List<SearchableParam> params = space.searchable().stream().filter(p -> p.condition().isEmpty()).toList();
        Map<String, Double> out = new HashMap<>();
        if (params.isEmpty()) {
            return out;
        }
        List<double[]> points = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (Scored s : sorted) {
            double[] u = units(params, s.params());
            if (u != null) {
                points.add(u);
                numbers.add(s.number());
            }
        }
        double[] x = propose(params, points, numbers, rng, true);
        for (int d = 0; d < params.size(); d++) {
            out.put(params.get(d).name(), x[d]);
        }
        return out;
    }

    /**
     * The TPE step on points sorted best first: split, fit l and g, draw candidates from l and
     * keep the one with the largest log l - log g.
     */
    private double[] propose(List<SearchableParam> params, List<double[]> sorted, List<Integer> numbers,
                             SplittableRandom rng, boolean multivariate) {
        int n = sorted.size();
        int nGood = n == 0 ? 0 : (int) Math.min(Math.ceil(config.gamma() * n), MAX_GOOD);
        int[] choices = new int[params.size()];
        for (int d = 0; d < choices.length; d++) {
            choices[d] = params.get(d) instanceof CategoricalParam c ? c.choices().size() : 0;
        }
        ParzenEstimator good = estimator(sorted.subList(0, nGood), numbers.subList(0, nGood), choices, multivariate);
        ParzenEstimator bad = estimator(sorted.subList(nGood, n), numbers.subList(nGood, n), choices, multivariate);
        double[][] candidates = new double[config.candidates()][];
        for (int j = 0; j < candidates.length; j++) {
            candidates[j] = good.sample(rng);
        }
        double[] l = good.logDensity(candidates);
        double[] g = bad.logDensity(candidates);
        int best = 0;
        for (int j = 1; j < candidates.length; j++) {
            if (l[j] - g[j] > l[best] - g[best]) {
                best = j;
            }
        }
        return candidates[best];
    }

    /** Fits an estimator to points given best first; their weights follow trial order (Optuna's ramp). */
    private ParzenEstimator estimator(List<double[]> points, List<Integer> numbers, int[] choices,
                                      boolean multivariate) {
        int n = points.size();
        Integer[] byNumber = new Integer[n];
        for (int i = 0; i < n; i++) {
            byNumber[i] = i;
        }
        java.util.Arrays.sort(byNumber, Comparator.comparingInt(numbers::get));
        double[] ramp = weights(n);
        double[][] obs = new double[n][];
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            obs[k] = points.get(byNumber[k]);
            w[k] = ramp[k];
        }
        return new ParzenEstimator(obs, w, choices, config.priorWeight(), multivariate);
    }

    /**
     * Optuna's default weights: equal for up to 25 trials; beyond that the 25 newest keep weight 1
     * and older ones fade linearly from 1/n, so the model follows the search as it moves.
     */
    static double[] weights(int n) {
        double[] w = new double[n];
        if (n < 25) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) {
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        }
        for (int i = ramp; i < n; i++) {
            w[i] = 1.0;
        }
        return w;
    }

    /** The parameters' unit values in a stored configuration, or null when one is absent or out of the space. */
    static double[] units(List<SearchableParam> params, Map<String, Object> config) {
        double[] u = new double[params.size()];
        for (int d = 0; d < u.length; d++) {
            Object v = config.get(params.get(d).name());
            if (v == null || !params.get(d).contains(v)) {
                return null;
            }
            u[d] = params.get(d).toUnit(v);
        }
        return u;
    }
}
