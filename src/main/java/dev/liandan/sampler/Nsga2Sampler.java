package dev.liandan.sampler;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.Seeds;
import dev.liandan.core.TrialState;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * NSGA-II (Deb, Pratap, Agarwal, Meyarivan 2002, "A Fast and Elitist Multiobjective Genetic
 * Algorithm: NSGA-II") for studies of several objectives, in a steady-state form that fits our
 * stateless ask: every proposal is one child bred from the elite of all COMPLETE trials so far.
 *
 * <ul>
 *   <li>The first {@code population} proposals are uniform random.</li>
 *   <li>The elite: the finished trials sorted by non-dominated front, then by crowding distance
 *       (larger first) within a front, the first {@code population} of them (the paper's
 *       elitist survivor selection, over the whole archive rather than parents + one
 *       generation).</li>
 *   <li>Each parent: a binary tournament between two random elite members by the crowded
 *       comparison (lower front, else larger crowding distance).</li>
 *   <li>The child: simulated binary crossover (Deb & Agrawal 1995) with index {@code eta_c}
 *       with probability {@code crossover_rate}, then polynomial mutation with index
 *       {@code eta_m} of each gene with probability 1/d, on each parameter's unit interval
 *       (the paper's real-coded operators, with its η = 20).</li>
 * </ul>
 * A parameter a parent did not have (inactive under a condition) gets a gene drawn from (seed,
 * trial number, parameter), so children stay reproducible. Random draws come from (seed, index):
 * the same sequential study gives the same proposals. A single-objective study is served too (the
 * front order is then the value order).
 */
public final class Nsga2Sampler implements Sampler {

    record Config(int population, double crossoverRate, double etaC, double etaM) {
    }

    static final Config DEFAULTS = new Config(20, 0.9, 20, 20);

    private final Config config;

    public Nsga2Sampler() {
        this(DEFAULTS);
    }

    Nsga2Sampler(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "nsga2";
    }

    @Override
    public boolean severalObjectives() {
        return true;
    }

    @Override
    public Sampler configure(Map<String, Object> options) {
        OptionReader r = new OptionReader(name(), options);
        Config c = new Config(r.integer("population", DEFAULTS.population(), 2, 100_000),
                r.number("crossover_rate", DEFAULTS.crossoverRate(), -1e-300, 1),
                r.number("eta_c", DEFAULTS.etaC(), -1e-300, 1000),
                r.number("eta_m", DEFAULTS.etaM(), -1e-300, 1000));
        r.done();
        return new Nsga2Sampler(c);
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        Space space = request.space();
        List<SearchableParam> params = space.searchable();
        SplittableRandom rng = new SplittableRandom(Seeds.mix(request.seed(), request.index()));
        List<Observation> finished = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (Observation o : request.history()) {
            double[] v = vector(o, request.directions().size());
            if (v != null) {
                finished.add(o);
                points.add(v);
            }
        }
        if (params.isEmpty() || request.index() < config.population() || finished.size() < 2) {
            return Optional.of(space.assign(p -> p.fromUnit(rng.nextDouble())));
        }
        List<Integer> elite = new ArrayList<>();
        int[] rank = Pareto.ranks(points, request.directions());
        double[] crowd = new double[points.size()];
        int maxRank = 0;
        for (int r : rank) {
            maxRank = Math.max(maxRank, r);
        }
        for (int r = 0; r <= maxRank && elite.size() < config.population(); r++) {
            List<Integer> front = new ArrayList<>();
            for (int i = 0; i < rank.length; i++) {
                if (rank[i] == r) {
                    front.add(i);
                }
            }
            double[] d = Pareto.crowding(points, front);
            for (int i = 0; i < front.size(); i++) {
                crowd[front.get(i)] = d[i];
            }
            // within a front: larger crowding distance first, then trial order (ties stay reproducible)
            front.sort((a, b) -> crowd[a] != crowd[b] ? Double.compare(crowd[b], crowd[a]) : Integer.compare(a, b));
            for (int i : front) {
                if (elite.size() < config.population()) {
                    elite.add(i);
                }
            }
        }
        int d = params.size();
        double[] a = genes(params, finished.get(tournament(elite, rank, crowd, rng)), request.seed());
        double[] b = genes(params, finished.get(tournament(elite, rank, crowd, rng)), request.seed());
        double[] child = a.clone();
        if (rng.nextDouble() < config.crossoverRate()) {
            for (int i = 0; i < d; i++) {
                if (rng.nextDouble() < 0.5) {
                    child[i] = sbx(a[i], b[i], rng);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            if (rng.nextDouble() < 1.0 / d) {
                child[i] = mutate(child[i], rng);
            }
        }
        Map<String, Double> unit = new HashMap<>();
        for (int i = 0; i < d; i++) {
            unit.put(params.get(i).name(), Math.min(1, Math.max(0, child[i])));
        }
        return Optional.of(space.assign(p -> p.fromUnit(unit.get(p.name()))));
    }

    /** The trial's objective vector when it is COMPLETE with every value finite, else null. */
    static double[] vector(Observation o, int objectives) {
        if (o.state() != TrialState.COMPLETE) {
            return null;
        }
        List<Double> values = objectives == 1 && o.value() != null ? List.of(o.value()) : o.values();
        if (values == null || values.size() != objectives) {
            return null;
        }
        double[] v = new double[objectives];
        for (int k = 0; k < objectives; k++) {
            Double x = values.get(k);
            if (x == null || !Double.isFinite(x)) {
                return null;
            }
            v[k] = x;
        }
        return v;
    }

    /** The better of two random elite members by the crowded comparison. */
    private static int tournament(List<Integer> elite, int[] rank, double[] crowd, SplittableRandom rng) {
        int x = elite.get(rng.nextInt(elite.size()));
        int y = elite.get(rng.nextInt(elite.size()));
        if (rank[x] != rank[y]) {
            return rank[x] < rank[y] ? x : y;
        }
        return crowd[x] >= crowd[y] ? x : y;
    }

    /** One child gene of simulated binary crossover on [0, 1] (Deb & Agrawal 1995, bounded form). */
    private double sbx(double x1, double x2, SplittableRandom rng) {
        if (Math.abs(x1 - x2) < 1e-14) {
            return x1;
        }
        double lo = Math.min(x1, x2);
        double hi = Math.max(x1, x2);
        double u = rng.nextDouble();
        double eta = config.etaC();
        // spread factor limited so the child stays in [0, 1], from the side of the lower parent
        double beta = 1 + 2 * Math.min(lo, 1 - hi) / (hi - lo);
        double alpha = 2 - Math.pow(beta, -(eta + 1));
        double betaQ = u <= 1 / alpha ? Math.pow(u * alpha, 1 / (eta + 1))
                : Math.pow(1 / (2 - u * alpha), 1 / (eta + 1));
        double c = rng.nextBoolean() ? 0.5 * (lo + hi - betaQ * (hi - lo)) : 0.5 * (lo + hi + betaQ * (hi - lo));
        return Math.min(1, Math.max(0, c));
    }

    /** Polynomial mutation of one gene on [0, 1] (Deb & Goyal 1996, bounded form). */
    private double mutate(double x, SplittableRandom rng) {
        double u = rng.nextDouble();
        double eta = config.etaM();
        double delta;
        if (u < 0.5) {
            delta = Math.pow(2 * u + (1 - 2 * u) * Math.pow(1 - x, eta + 1), 1 / (eta + 1)) - 1;
        } else {
            delta = 1 - Math.pow(2 * (1 - u) + 2 * (u - 0.5) * Math.pow(x, eta + 1), 1 / (eta + 1));
        }
        return Math.min(1, Math.max(0, x + delta));
    }

    /** A trial's genes; an inactive parameter's gene is drawn from (seed, trial number, parameter). */
    private static double[] genes(List<SearchableParam> params, Observation o, long seed) {
        double[] g = new double[params.size()];
        for (int i = 0; i < g.length; i++) {
            SearchableParam p = params.get(i);
            Object v = o.params() == null ? null : o.params().get(p.name());
            g[i] = v != null && p.contains(v) ? p.toUnit(v)
                    : new SplittableRandom(Seeds.mix(Seeds.mix(seed, o.number()), i)).nextDouble();
        }
        return g;
    }
}
