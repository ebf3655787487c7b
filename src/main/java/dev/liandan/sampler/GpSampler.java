package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.core.Seeds;
import dev.liandan.space.CategoricalParam;
import dev.liandan.core.Direction;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
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
 * Bayesian optimisation with a Gaussian process (Snoek, Larochelle and Adams, "Practical Bayesian
 * Optimization of Machine Learning Algorithms", NeurIPS 2012), in the form of Optuna's GPSampler:
 * after a random start-up phase, a {@link GaussianProcess} (Matérn-5/2 ARD kernel, hyperparameters
 * by maximum a posteriori, Rasmussen and Williams 2006) is fitted to the finished trials and the
 * next point maximises the logarithm of expected improvement (Jones, Schonlau and Welch, "Efficient
 * Global Optimization of Expensive Black-Box Functions", 1998; its log computed stably as in Ament
 * et al., "Unexpected Improvements to Expected Improvement", NeurIPS 2023).
 *
 * <ul>
 * <li>Inputs: the parameters that are always active. Floats and integers on their unit interval
 *     (so log scales are modelled in log space); an integer or stepped float is searched as a
 *     continuous value snapped to the centre of its value's slice, so the acquisition is evaluated
 *     where the trial will really be. Categoricals by choice index, with a Hamming-distance kernel
 *     term. Conditional parameters are drawn at random (seeded), as Optuna's GPSampler does with
 *     parameters outside its intersection search space.</li>
 * <li>Outputs: COMPLETE trials with a finite value, standardised (minimised; MAXIMIZE is negated).
 *     PRUNED and FAILED trials are left out (as Optuna's GPSampler does): a pruned trial's value at
 *     an early epoch is not the objective the model predicts. With {@code pruned_trials: true} a
 *     PRUNED trial joins at its value (its best epoch), a pessimistic one: under a pruner that stops
 *     only trials that cannot catch up, such as {@code curve}, that tells the model where not to go,
 *     and on LCBench it lowered regret at every budget (bench/RESULTS.md, "LCBench"). Under a
 *     pruner that stops most trials after their first epochs it would mistake slow starters for bad
 *     configurations. RUNNING trials (parallel workers) join
 *     with the model's own mean as their value (the "kriging believer", Ginsbourger, Le Riche and
 *     Carraro 2010): that removes their uncertainty, so other workers are not sent to the same
 *     place; {@code kriging_believer: false} ignores them.</li>
 * <li>Acquisition: {@code candidates} uniform random points of the space plus the best trials so
 *     far, then a compass search (Kolda, Lewis and Torczon 2003; every choice of a categorical
 *     tried) from the best {@code local_starts} of them.</li>
 * <li>Cost: each ask refits the GP, O(n³) in the n trials it sees; beyond {@code max_history}
 *     trials the model sees the best half of that many and the most recent others.</li>
 * </ul>
 * Stateless: the seed, the index and the history decide; the same history gives the same point.
 */
public final class GpSampler implements Sampler {

    /** The options of {@code search.options}. */
    record Config(int startupTrials, int candidates, int localStarts, int restarts, int maxHistory,
                  boolean krigingBeliever, boolean prunedTrials) {
    }

    static final Config DEFAULTS = new Config(10, 1000, 5, 2, 300, true, false);
    private static final int FIT_ITERATIONS = 60;

    private final Config config;

    public GpSampler() {
        this(DEFAULTS);
    }

    GpSampler(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "gp";
    }

    @Override
    public Sampler configure(Map<String, Object> options) {
        OptionReader r = new OptionReader(name(), options);
        Config c = new Config(
                r.integer("startup_trials", DEFAULTS.startupTrials(), 1, 1_000_000),
                r.integer("candidates", DEFAULTS.candidates(), 1, 1_000_000),
                r.integer("local_starts", DEFAULTS.localStarts(), 0, 1_000),
                r.integer("restarts", DEFAULTS.restarts(), 1, 100),
                r.integer("max_history", DEFAULTS.maxHistory(), 10, 100_000),
                r.bool("kriging_believer", DEFAULTS.krigingBeliever()),
                r.bool("pruned_trials", DEFAULTS.prunedTrials()));
        r.done();
        return new GpSampler(c);
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        Space space = request.space();
        SplittableRandom rng = new SplittableRandom(Seeds.mix(request.seed(), request.index()));
        List<SearchableParam> dims = space.searchable().stream().filter(p -> p.condition().isEmpty()).toList();
        Data data = dims.isEmpty() ? null : data(request, dims);
        if (data == null || data.finished() < config.startupTrials()) {
            // the same draws as the random sampler, so the start-up phase is plain random search
            return Optional.of(space.assign(p -> p.fromUnit(rng.nextDouble())));
        }
        double[] x = propose(dims, data, rng);
        Map<String, Double> unit = new HashMap<>();
        for (int i = 0; i < x.length; i++) {
            unit.put(dims.get(i).name(), dims.get(i) instanceof CategoricalParam c
                    ? (x[i] + 0.5) / c.choices().size() : x[i]);
        }
        return Optional.of(space.assign(p -> {
            Double u = unit.get(p.name());
            return p.fromUnit(u != null ? u : rng.nextDouble());
        }));
    }

    /**
     * The model's inputs: finished points (one row each, categorical dimensions as choice
     * indices; at most {@code max_history}), their scores to minimise, the points of RUNNING
     * trials, and how many finished trials there were before the cut.
     */
    record Data(double[][] x, double[] y, double[][] running, int finished) {
    }

    private Data data(SampleRequest request, List<SearchableParam> dims) {
        double sign = request.direction() == Direction.MAXIMIZE ? -1 : 1;
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<double[]> running = new ArrayList<>();
        for (Observation o : request.history()) {
            Double value = o.state() == TrialState.COMPLETE
                    || o.state() == TrialState.PRUNED && config.prunedTrials() ? o.value() : null;
            boolean complete = value != null && Double.isFinite(value);
            boolean isRunning = o.state() == TrialState.RUNNING && config.krigingBeliever();
            double[] u = (complete || isRunning) && o.params() != null ? TpeSampler.units(dims, o.params()) : null;
            if (u == null) {
                continue;
            }
            for (int i = 0; i < u.length; i++) {
                if (dims.get(i) instanceof CategoricalParam c) {
                    u[i] = Math.min(c.choices().size() - 1, Math.floor(u[i] * c.choices().size()));
                }
            }
            if (complete) {
                xs.add(u);
                ys.add(sign * value);
            } else {
                running.add(u);
            }
        }
        int[] keep = kept(ys, config.maxHistory());
        double[][] x = new double[keep.length][];
        double[] y = new double[keep.length];
        for (int k = 0; k < keep.length; k++) {
            x[k] = xs.get(keep[k]);
            y[k] = ys.get(keep[k]);
        }
        return new Data(x, y, running.toArray(new double[0][]), ys.size());
    }

    /** All indices when they fit in {@code max}; else the best max/2 and the most recent of the others, in order. */
    static int[] kept(List<Double> ys, int max) {
        int n = ys.size();
        if (n <= max) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(ys.get(a), ys.get(b)));
        boolean[] keep = new boolean[n];
        for (int k = 0; k < max / 2; k++) {
            keep[order[k]] = true;
        }
        int count = max / 2;
        for (int i = n - 1; i >= 0 && count < max; i--) {
            if (!keep[i]) {
                keep[i] = true;
                count++;
            }
        }
        return java.util.stream.IntStream.range(0, n).filter(i -> keep[i]).toArray();
    }

    /** Fits the GP and returns the point (unit values, choice indices) of largest log EI. */
    private double[] propose(List<SearchableParam> dims, Data data, SplittableRandom rng) {
        int d = dims.size();
        boolean[] categorical = new boolean[d];
        for (int i = 0; i < d; i++) {
            categorical[i] = dims.get(i) instanceof CategoricalParam;
        }
        double[] y = standardised(data.y());
        GaussianProcess gp = GaussianProcess.fit(data.x(), categorical, y, config.restarts(), FIT_ITERATIONS, rng);
        Acquisition acq = data.running().length == 0
                ? new Acquisition(gp, Arrays.stream(y).min().orElseThrow(), dims)
                : believe(gp, data, y, categorical, dims);
        int count = config.candidates();
        double[][] points = new double[count + Math.min(3, y.length)][];
        for (int j = 0; j < count; j++) {
            points[j] = acq.random(rng);
        }
        // the best trials so far: the local search then refines around the incumbents
        int[] order = java.util.stream.IntStream.range(0, y.length).boxed()
                .sorted((a, b) -> Double.compare(y[a], y[b])).mapToInt(Integer::intValue).toArray();
        for (int k = 0; k < points.length - count; k++) {
            points[count + k] = data.x()[order[k]].clone();
        }
        double[] scores = new double[points.length];
        for (int j = 0; j < points.length; j++) {
            scores[j] = acq.value(points[j]);
        }
        Integer[] rank = new Integer[points.length];
        for (int j = 0; j < rank.length; j++) {
            rank[j] = j;
        }
        Arrays.sort(rank, (a, b) -> Double.compare(scores[b], scores[a]));
        double[] bestPoint = points[rank[0]];
        double bestScore = scores[rank[0]];
        for (int k = 0; k < Math.min(config.localStarts(), rank.length); k++) {
            double[] start = points[rank[k]].clone();
            double v = acq.compass(start, scores[rank[k]]);
            if (v > bestScore) {
                bestScore = v;
                bestPoint = start;
            }
        }
        return bestPoint;
    }

    /**
     * The kriging believer: the RUNNING trials' points join the data with the fitted model's mean
     * as their value (same hyperparameters). Believed values count as observed ones for the
     * incumbent too; else a point believed better than the best would keep its expected
     * improvement with no uncertainty left.
     */
    private static Acquisition believe(GaussianProcess gp, Data data, double[] y, boolean[] categorical,
                                       List<SearchableParam> dims) {
        int n = y.length;
        int m = data.running().length;
        double[][] x = Arrays.copyOf(data.x(), n + m);
        double[] believed = Arrays.copyOf(y, n + m);
        for (int k = 0; k < m; k++) {
            x[n + k] = data.running()[k];
            believed[n + k] = gp.predict(data.running()[k])[0];
        }
        return new Acquisition(GaussianProcess.of(x, categorical, believed, gp.hyper()),
                Arrays.stream(believed).min().orElseThrow(), dims);
    }

    /** (y - mean) / sd; sd 1 when every value is the same. */
    static double[] standardised(double[] y) {
        double mean = Arrays.stream(y).average().orElse(0);
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / y.length);
        double scale = sd > 0 && Double.isFinite(sd) ? sd : 1;
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (y[i] - mean) / scale;
        }
        return out;
    }

    /** log EI over the encoded space, with its random points and its local search. */
    private static final class Acquisition {
        private final GaussianProcess gp;
        private final double best;
        private final List<SearchableParam> dims;
        private final int[] choices;

        Acquisition(GaussianProcess gp, double best, List<SearchableParam> dims) {
            this.gp = gp;
            this.best = best;
            this.dims = dims;
            this.choices = new int[dims.size()];
            for (int i = 0; i < choices.length; i++) {
                choices[i] = dims.get(i) instanceof CategoricalParam c ? c.choices().size() : 0;
            }
        }

        /** log EI at {@code point}; -infinity rather than NaN should rounding ever give one, so rankings stay total. */
        double value(double[] point) {
            double[] mv = gp.predict(point);
            double v = GaussianProcess.logExpectedImprovement(mv[0], mv[1], best);
            return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
        }

        double[] random(SplittableRandom rng) {
            double[] p = new double[choices.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = choices[i] > 0 ? rng.nextInt(choices[i]) : snap(i, rng.nextDouble());
            }
            return p;
        }

        /** An integer's or stepped float's unit value moved to the centre of the slice of the value it stands for. */
        private double snap(int i, double u) {
            SearchableParam p = dims.get(i);
            boolean discrete = p instanceof IntParam || (p instanceof FloatParam f && f.step() != null);
            return discrete ? p.toUnit(p.fromUnit(u)) : Math.min(1, Math.max(0, u));
        }

        /**
         * Compass search from {@code point} (changed in place): each numeric coordinate moved by
         * ±step, each categorical set to every other choice, the first improvement kept; the step
         * halves when none improves, from 1/20 of the range down to 1e-4.
         */
        double compass(double[] point, double value) {
            double step = 0.05;
            int evaluations = 0;
            int budget = 100 * point.length;
            while (step >= 1e-4 && evaluations < budget) {
                boolean improved = false;
                for (int i = 0; i < point.length && evaluations < budget; i++) {
                    double old = point[i];
                    int tries = choices[i] > 0 ? choices[i] : 2;
                    for (int t = 0; t < tries; t++) {
                        double v = choices[i] > 0 ? t : snap(i, old + (t == 0 ? step : -step));
                        if (v == old) {
                            continue;
                        }
                        point[i] = v;
                        double s = value(point);
                        evaluations++;
                        if (s > value) {
                            value = s;
                            improved = true;
                            break;
                        }
                        point[i] = old;
                    }
                }
                if (!improved) {
                    step /= 2;
                }
            }
            return value;
        }
    }
}
