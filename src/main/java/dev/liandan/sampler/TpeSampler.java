package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.core.Seeds;
import dev.liandan.space.CategoricalParam;
import dev.liandan.core.Direction;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <li>{@code bandwidth_weighting} (default true): l(x) and g(x) weigh each numeric kernel by its
 *     bandwidth, as Optuna 3.1's density evaluation does (see {@link ParzenEstimator}); false
 *     evaluates the normalised mixture of the paper, which searched worse in {@code bench search}.</li>
 * </ul>
 * PRUNED trials count, ranked after every COMPLETE one by the epoch they reached and their value
 * there (Optuna 3.1's rule); FAILED ones are left out. With constraints, infeasible trials rank
 * after every feasible one, the least violation first (Optuna's {@code constraints_func}).
 *
 * <p>A study of several objectives is searched by multi-objective TPE (MOTPE, Ozaki et al. 2020):
 * the same estimators and acquisition, with the good trials and their weights chosen by
 * {@link ParetoSplit} from the COMPLETE trials' objective vectors. Stateless in effect: the seed, the index and
 * the history decide (it keeps only a cache of decoded parameter values, {@link UnitCache}, which
 * never changes an answer).
 */
public final class TpeSampler implements Sampler {

    /** The options of {@code search.options}, with Optuna's defaults. */
    record Config(int startupTrials, double gamma, int candidates, boolean multivariate, boolean constantLiar,
                  double priorWeight, boolean bandwidthWeighting) {
    }

    static final Config DEFAULTS = new Config(10, 0.1, 24, false, false, 1.0, true);
    private static final int MAX_GOOD = 25;

    private final Config config;
    /** Decoded parameter values of the trials seen, so each trial is decoded once, not on every ask. */
    private final UnitCache decoded = new UnitCache();
    /**
     * The last {@link #weights} of the bad trials: every parameter active in all trials has the
     * same number of them, so one ask computes them once, not per parameter. Never written after
     * it is made (the estimators copy their weights), so sharing it is safe.
     */
    private volatile double[] lastBadWeights = new double[0];

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

    /** With several objectives this is MOTPE: the good trials are chosen by {@link ParetoSplit}. */
    @Override
    public boolean severalObjectives() {
        return true;
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
                r.number("prior_weight", DEFAULTS.priorWeight(), 0, 1_000),
                r.bool("bandwidth_weighting", DEFAULTS.bandwidthWeighting()));
        r.done();
        return new TpeSampler(c);
    }

    /**
     * The trials the model learns from, in trial order, column by column: their rank keys
     * {@code (depths, scores)}, lower is better (see {@link #history}), and {@code units[d]},
     * searchable parameter d's unit values (NaN where it was inactive). Columns keep each
     * parameter's values contiguous for the univariate estimators, which read one parameter over
     * the whole history. {@code goodOfAll} marks the γ(n) best of all of them: the good set of
     * every parameter that was active in every trial (the common case), so it is ranked once.
     * {@code order[d]}: the trials where d is active in kernel order (see {@link UnitCache.Decoded}), or null.
     */
    private record History(double[] depths, double[] scores, double[][] units, int finished, boolean[] goodOfAll,
                           int[][] order, double[] paretoWeights) {
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        Space space = request.space();
        SplittableRandom rng = new SplittableRandom(Seeds.mix(request.seed(), request.index()));
        List<SearchableParam> params = space.searchable();
        History history = request.directions().size() > 1 ? paretoHistory(request, params) : history(request, params);
        if (history.finished() < config.startupTrials()) {
            // the same draws as the random sampler, so the start-up phase is plain random search
            return Optional.of(space.assign(p -> p.fromUnit(rng.nextDouble())));
        }
        Map<String, Double> joint = new HashMap<>();
        if (config.multivariate()) {
            int[] dims = java.util.stream.IntStream.range(0, params.size())
                    .filter(d -> params.get(d).condition().isEmpty()).toArray();
            if (dims.length > 0) {
                double[] x = propose(params, dims, history, rng, true);
                for (int k = 0; k < dims.length; k++) {
                    joint.put(params.get(dims[k]).name(), x[k]);
                }
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int d = 0; d < params.size(); d++) {
            index.put(params.get(d).name(), d);
        }
        return Optional.of(space.assign(p -> {
            Double u = joint.get(p.name());
            return p.fromUnit(u != null ? u : propose(params, new int[]{index.get(p.name())}, history, rng, false)[0]);
        }));
    }

    /**
     * COMPLETE trials with a finite value, PRUNED ones with a finite last intermediate value (or
     * final value), plus RUNNING ones as liars when asked; in trial order. Ranked as Optuna 3.1
     * ranks them: every COMPLETE trial before every PRUNED one, PRUNED trials by the epoch they
     * reached (deeper first) and then by their value at that epoch, liars last.
     */
    private History history(SampleRequest request, List<SearchableParam> params) {
        double sign = request.direction() == Direction.MAXIMIZE ? -1 : 1;
        List<Observation> all = request.history();
        List<Observation> used = new ArrayList<>(all.size());
        double[] depths = new double[all.size()];
        double[] scores = new double[all.size()];
        int finished = 0;
        for (Observation o : all) {
            if (o.params() == null) {
                continue;
            }
            int t = used.size();
            switch (o.state()) {
                case COMPLETE -> {
                    if (o.value() == null || !Double.isFinite(o.value())) {
                        continue;
                    }
                    depths[t] = Double.NEGATIVE_INFINITY;
                    scores[t] = sign * o.value();
                }
                case PRUNED -> {
                    double[] key = prunedKey(o, sign);
                    if (key == null) {
                        continue;
                    }
                    depths[t] = key[0];
                    scores[t] = key[1];
                }
                case RUNNING -> {
                    if (!config.constantLiar()) {
                        continue;
                    }
                    depths[t] = Double.POSITIVE_INFINITY;
                    scores[t] = Double.POSITIVE_INFINITY;
                }
                default -> {
                    continue;
                }
            }
            if (o.state() != TrialState.RUNNING && !o.feasible()) {
                // constraints: after every feasible trial, the least violation first (Optuna's constraints_func)
                depths[t] = Double.MAX_VALUE;
                scores[t] = o.violation();
            }
            used.add(o);
            finished += o.state() == TrialState.RUNNING ? 0 : 1;
        }
        int n = used.size();
        UnitCache.Decoded d = decoded.decode(request.space(), params, used);
        depths = Arrays.copyOf(depths, n);
        scores = Arrays.copyOf(scores, n);
        // the good trials when every trial is active (the common case), ranked once per ask
        return new History(depths, scores, d.units(), finished, best(depths, scores, null, goodCount(n)), d.order(), null);
    }

    /**
     * The history of a study of several objectives (MOTPE, see {@link ParetoSplit}): COMPLETE trials
     * with every objective's value, in trial order; PRUNED and RUNNING ones are left out, as in
     * Optuna 3.1 (a pruned trial has no objective vector to rank, and there is no worst vector to
     * lie with). The good set and its weights are chosen once, over all of them; a parameter's
     * estimators then use the good and bad trials in which it is active.
     */
    private History paretoHistory(SampleRequest request, List<SearchableParam> params) {
        int objectives = request.directions().size();
        List<Observation> used = new ArrayList<>();
        List<double[]> losses = new ArrayList<>();
        for (Observation o : request.history()) {
            double[] v = o.params() == null ? null : Nsga2Sampler.vector(o, objectives);
            if (v == null) {
                continue;
            }
            for (int k = 0; k < objectives; k++) {
                v[k] = request.directions().get(k) == Direction.MAXIMIZE ? -v[k] : v[k];
            }
            used.add(o);
            losses.add(v);
        }
        int n = used.size();
        double[] violations = new double[n];
        for (int t = 0; t < n; t++) {
            violations[t] = used.get(t).violation();
        }
        UnitCache.Decoded d = decoded.decode(request.space(), params, used);
        ParetoSplit.Split split = ParetoSplit.of(losses, violations, goodCount(n));
        return new History(new double[n], new double[n], d.units(), n, split.good(), d.order(), split.weights());
    }

    /** A PRUNED trial's rank key: minus the epoch it reached and its value there; null when it has none. */
    private static double[] prunedKey(Observation o, double sign) {
        List<Double> values = o.intermediates();
        if (values != null && !values.isEmpty()) {
            Double last = values.get(values.size() - 1);
            double v = last == null || last.isNaN() ? Double.POSITIVE_INFINITY : sign * last;
            return new double[]{-(values.size() - 1), v};
        }
        return o.value() != null && Double.isFinite(o.value()) ? new double[]{1, sign * o.value()} : null;
    }

    /**
     * The TPE step for the parameters {@code dims}, over the trials in which all of them were
     * active: split into the best γ(n) and the rest, fit l and g, draw candidates from l and keep
     * the one with the largest log l - log g.
     */
    private double[] propose(List<SearchableParam> params, int[] dims, History history, SplittableRandom rng,
                             boolean multivariate) {
        int total = history.scores().length;
        boolean[] active = new boolean[total];
        int n = 0;
        for (int t = 0; t < total; t++) {
            boolean a = true;
            for (int d : dims) {
                a &= !Double.isNaN(history.units()[d][t]);
            }
            active[t] = a;
            n += a ? 1 : 0;
        }
        boolean pareto = history.paretoWeights() != null;
        int nGood = pareto ? countGood(history.goodOfAll(), active) : goodCount(n);
        boolean[] good = n == total || pareto ? history.goodOfAll()
                : best(history.depths(), history.scores(), active, nGood);
        // both sets in trial order, which Optuna's weights (fading old trials) rely on
        double[][] goodColumns = new double[dims.length][nGood];
        double[] goodWeights = pareto ? new double[nGood] : weights(nGood);
        double[][] badColumns = new double[dims.length][n - nGood];
        int[] badIndex = new int[total];
        int g = 0;
        int b = 0;
        for (int t = 0; t < total; t++) {
            if (!active[t]) {
                continue;
            }
            double[][] into = good[t] ? goodColumns : badColumns;
            int at = good[t] ? g++ : b++;
            badIndex[t] = good[t] ? -1 : at;
            if (pareto && good[t]) {
                goodWeights[at] = history.paretoWeights()[t];
            }
            for (int k = 0; k < dims.length; k++) {
                into[k][at] = history.units()[dims[k]][t];
            }
        }
        int[] choices = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            choices[k] = params.get(dims[k]) instanceof CategoricalParam c ? c.choices().size() : 0;
        }
        int[] badOrder = dims.length == 1 && choices[0] == 0 && history.order() != null
                ? kernelOrder(history.order()[dims[0]], history.units()[dims[0]], badIndex, n - nGood) : null;
        ParzenEstimator l = new ParzenEstimator(goodColumns, goodWeights, choices, config.priorWeight(),
                multivariate, config.bandwidthWeighting());
        ParzenEstimator gb = new ParzenEstimator(badColumns, badWeights(n - nGood), choices, config.priorWeight(),
                multivariate, config.bandwidthWeighting(), badOrder);
        double[][] candidates = new double[config.candidates()][];
        for (int j = 0; j < candidates.length; j++) {
            candidates[j] = l.sample(rng);
        }
        double[] logL = l.logDensity(candidates);
        // exact where it can decide the pick below, +infinity where it provably cannot
        double[] logG = gb.logDensityForArgmax(candidates, logL);
        int pick = 0;
        for (int j = 1; j < candidates.length; j++) {
            if (logL[j] - logG[j] > logL[pick] - logG[pick]) {
                pick = j;
            }
        }
        return candidates[pick];
    }

    private static int countGood(boolean[] good, boolean[] active) {
        int c = 0;
        for (int t = 0; t < good.length; t++) {
            c += good[t] && active[t] ? 1 : 0;
        }
        return c;
    }

    /** γ(n): how many of n trials are good. */
    private int goodCount(int n) {
        return n == 0 ? 0 : (int) Math.min(Math.ceil(config.gamma() * n), MAX_GOOD);
    }

    /**
     * The bad estimator's kernels in its sort order, read off the trials' kernel order instead of
     * sorted: its kernel i is the i-th bad trial, and its prior (index nBad, mean 0.5) goes after
     * every kernel whose key is at most 0.5's, as the estimator's tie-break by index puts it.
     *
     * @param order    the trials where the parameter is active, by (key, position)
     * @param badIndex per position, its index among the bad trials, -1 for a good one
     */
    private static int[] kernelOrder(int[] order, double[] units, int[] badIndex, int nBad) {
        long priorKey = SortedUnits.key(0.5);
        int[] out = new int[nBad + 1];
        int k = 0;
        boolean prior = false;
        for (int t : order) {
            int i = badIndex[t];
            if (i < 0) {
                continue;
            }
            if (!prior && SortedUnits.key(units[t]) > priorKey) {
                out[k++] = nBad;
                prior = true;
            }
            out[k++] = i;
        }
        if (!prior) {
            out[k++] = nBad;
        }
        return out;
    }

    /**
     * The {@code k} active trials of lowest (depth, score) (ties to the earlier trial, like Optuna's
     * stable sort), marked in trial order. A bounded insertion list: k is at most 25, so this is
     * one pass over the history instead of a sort. A null {@code active} means every trial.
     */
    static boolean[] best(double[] depths, double[] scores, boolean[] active, int k) {
        int[] top = new int[k];
        int size = 0;
        for (int t = 0; t < scores.length; t++) {
            if ((active != null && !active[t]) || (size == k && (k == 0 || !before(depths, scores, t, top[size - 1])))) {
                continue;
            }
            int at = size == k ? k - 1 : size++;
            while (at > 0 && before(depths, scores, t, top[at - 1])) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = t;
        }
        boolean[] marked = new boolean[scores.length];
        for (int i = 0; i < size; i++) {
            marked[top[i]] = true;
        }
        return marked;
    }

    /** Whether trial {@code a} ranks strictly before trial {@code b}. */
    private static boolean before(double[] depths, double[] scores, int a, int b) {
        int c = Double.compare(depths[a], depths[b]);
        return c < 0 || (c == 0 && Double.compare(scores[a], scores[b]) < 0);
    }

    private double[] badWeights(int n) {
        double[] w = lastBadWeights;
        if (w.length != n) {
            w = weights(n);
            lastBadWeights = w;
        }
        return w;
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
        double[] u = unitsOrNaN(params, config);
        for (double v : u) {
            if (Double.isNaN(v)) {
                return null;
            }
        }
        return u;
    }

    /** Each parameter's unit value in a stored configuration; NaN where it is absent or out of the space. */
    static double[] unitsOrNaN(List<SearchableParam> params, Map<String, Object> config) {
        double[] u = new double[params.size()];
        for (int d = 0; d < u.length; d++) {
            u[d] = unit(params.get(d), config.get(params.get(d).name()));
        }
        return u;
    }

    static double unit(SearchableParam p, Object v) {
        if (v == null) {
            return Double.NaN;
        }
        if (p instanceof CategoricalParam c) {
            // the common case, a stored value equal to the choice, without CategoricalParam's numeric-aware search
            List<Object> choices = c.choices();
            int i = choices.indexOf(v);
            if (i < 0) {
                i = c.indexOf(v);
            }
            return i < 0 ? Double.NaN : (i + 0.5) / choices.size();
        }
        return p.contains(v) ? p.toUnit(v) : Double.NaN;
    }
}
