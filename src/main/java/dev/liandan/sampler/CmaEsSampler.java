package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.core.Seeds;
import dev.liandan.core.Direction;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * CMA-ES in ask-and-tell form (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016, with its
 * default parameters), on the unit cube of the float and integer parameters that are always
 * active. Categorical and conditional parameters are drawn at random (seeded), as Optuna's
 * CmaEsSampler does with its independent fallback.
 *
 * <p>Stateless: the state is rebuilt from the history on every ask. The finished trials with a
 * value (COMPLETE, PRUNED) are taken in trial-number order and told in generations of λ, as if
 * one process had asked them; the proposal is a draw from the current N(m, σ²C), with a random
 * stream of its own (seed and index), so parallel workers of one generation propose different
 * points. Draws outside the cube are redrawn (up to 100 times) and then clipped. When a run has
 * converged (σ tiny, the covariance ill-conditioned, or the generations' best values flat for
 * 10 + 30n/λ generations) it restarts from a random mean with a doubled population (IPOP,
 * Auger and Hansen 2005).
 *
 * <p>Cost: replaying a long history is a walk over its generations; each generation's update
 * (an eigendecomposition of an n×n matrix) is cached per JVM under a 64-bit fingerprint of
 * everything that decides it (options, seed, every told point and value), so an ask after 1000
 * trials hashes 1000 points and updates one generation. The cache only saves time: a worker with
 * an empty cache computes the same state.
 */
public final class CmaEsSampler implements Sampler {
    private static final int CACHE_SIZE = 2048;
    private static final Map<Long, State> CACHE = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, State> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    /** @param population λ, or 0 for 4 + ⌊3 ln n⌋ */
    record Config(double sigma0, int population, boolean restarts) {
    }

    static final Config DEFAULTS = new Config(1.0 / 6, 0, true);

    private final Config config;

    public CmaEsSampler() {
        this(DEFAULTS);
    }

    CmaEsSampler(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "cmaes";
    }

    @Override
    public Sampler configure(Map<String, Object> options) {
        OptionReader r = new OptionReader(name(), options);
        Config c = new Config(r.number("sigma0", DEFAULTS.sigma0(), 0, 1),
                r.integer("population", DEFAULTS.population(), 0, 100_000),
                r.bool("restarts", DEFAULTS.restarts()));
        r.done();
        if (c.population() == 1) {
            throw new OptionError("population", "expected 0 (automatic) or at least 2, got 1");
        }
        return new CmaEsSampler(c);
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        Space space = request.space();
        SplittableRandom rng = new SplittableRandom(Seeds.mix(request.seed(), request.index()));
        List<SearchableParam> numeric = space.searchable().stream()
                .filter(p -> p.condition().isEmpty() && (p instanceof FloatParam || p instanceof IntParam)).toList();
        if (numeric.isEmpty()) {
            return Optional.of(space.assign(p -> p.fromUnit(rng.nextDouble())));
        }
        State state = replay(numeric.size(), told(request, numeric), request.seed());
        double[] x = state.ask(rng);
        Map<String, Double> unit = new HashMap<>();
        for (int d = 0; d < x.length; d++) {
            unit.put(numeric.get(d).name(), x[d]);
        }
        return Optional.of(space.assign(p -> {
            Double u = unit.get(p.name());
            return p.fromUnit(u != null ? u : rng.nextDouble());
        }));
    }

    /** A told point: unit coordinates and a score to minimise. */
    record Point(double[] x, double score) {
    }

    private static List<Point> told(SampleRequest request, List<SearchableParam> numeric) {
        double sign = request.direction() == Direction.MAXIMIZE ? -1 : 1;
        List<Point> out = new ArrayList<>();
        for (Observation o : request.history()) {
            boolean valued = (o.state() == TrialState.COMPLETE || o.state() == TrialState.PRUNED)
                    && o.value() != null && Double.isFinite(o.value());
            double[] u = valued ? TpeSampler.units(numeric, o.params()) : null;
            if (u != null) {
                out.add(new Point(u, sign * o.value()));
            }
        }
        return out;
    }

    /** The state after telling {@code points} generation by generation, with restarts. */
    State replay(int n, List<Point> points, long seed) {
        long key = Seeds.mix(Seeds.mix(seed, n), Seeds.mix(Double.doubleToLongBits(config.sigma0()),
                config.population() * 2L + (config.restarts() ? 1 : 0)));
        State state = State.start(n, lambda(n), config.sigma0(), fill(n, 0.5), 0);
        int pos = 0;
        while (points.size() - pos >= state.lambda) {
            List<Point> generation = points.subList(pos, pos + state.lambda);
            for (Point p : generation) {
                for (double v : p.x()) {
                    key = Seeds.mix(key, Double.doubleToLongBits(v));
                }
                key = Seeds.mix(key, Double.doubleToLongBits(p.score()));
            }
            pos += state.lambda;
            State cached = CACHE.get(key);
            if (cached == null) {
                cached = state.tell(generation);
                if (config.restarts() && cached.converged()) {
                    int r = cached.restarts + 1;
                    SplittableRandom start = new SplittableRandom(Seeds.mix(seed, -1000L - r));
                    double[] mean = new double[n];
                    for (int d = 0; d < n; d++) {
                        mean[d] = start.nextDouble();
                    }
                    cached = State.start(n, cached.lambda * 2, config.sigma0(), mean, r);
                }
                CACHE.put(key, cached);
            }
            state = cached;
        }
        return state;
    }

    private int lambda(int n) {
        return config.population() > 0 ? config.population() : 4 + (int) Math.floor(3 * Math.log(n));
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** One CMA-ES run's state; immutable once built, so cached states can be shared between threads. */
    static final class State {
        final int n;
        final int lambda;
        final int mu;
        final double[] weights;
        final double mueff;
        final double cc;
        final double cs;
        final double c1;
        final double cmu;
        final double damps;
        final double chiN;
        final double[] mean;
        final double sigma;
        final double[][] c;
        final double[][] b;
        final double[] d;
        final double[] pc;
        final double[] ps;
        final int generation;
        final int restarts;
        /** Best value of each generation of this run, oldest first. */
        final double[] bests;

        private State(int n, int lambda, double[] mean, double sigma, double[][] c, double[] pc, double[] ps,
                      int generation, int restarts, double[] bests) {
            this.n = n;
            this.lambda = lambda;
            this.mu = lambda / 2;
            // recombination weights ln((λ+1)/2) - ln i, i = 1..μ, normalised (the tutorial's positive weights)
            double[] w = new double[mu];
            double sum = 0;
            for (int i = 0; i < mu; i++) {
                w[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
                sum += w[i];
            }
            double sq = 0;
            for (int i = 0; i < mu; i++) {
                w[i] /= sum;
                sq += w[i] * w[i];
            }
            this.weights = w;
            this.mueff = 1 / sq;
            this.cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
            this.cs = (mueff + 2) / (n + mueff + 5);
            this.c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
            this.cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
            this.damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
            this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
            this.mean = mean;
            this.sigma = sigma;
            this.c = c;
            this.pc = pc;
            this.ps = ps;
            this.generation = generation;
            this.restarts = restarts;
            this.bests = bests;
            EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
            RealMatrix v = eig.getV();
            double[] ev = eig.getRealEigenvalues();
            this.b = v.getData();
            this.d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = Math.sqrt(Math.max(ev[i], 1e-300));
            }
        }

        static State start(int n, int lambda, double sigma0, double[] mean, int restarts) {
            double[][] c = new double[n][n];
            for (int i = 0; i < n; i++) {
                c[i][i] = 1;
            }
            return new State(n, lambda, mean, sigma0, c, new double[n], new double[n], 0, restarts, new double[0]);
        }

        /** A draw of N(m, σ²C) inside the unit cube. */
        double[] ask(SplittableRandom rng) {
            double[] x = new double[n];
            for (int attempt = 0; attempt < 100; attempt++) {
                draw(rng, x);
                if (inside(x)) {
                    return x;
                }
            }
            for (int i = 0; i < n; i++) {
                x[i] = Math.min(1, Math.max(0, x[i]));
            }
            return x;
        }

        private void draw(SplittableRandom rng, double[] x) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = d[i] * rng.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += b[i][j] * z[j];
                }
                x[i] = mean[i] + sigma * s;
            }
        }

        private static boolean inside(double[] x) {
            for (double v : x) {
                if (!(v >= 0 && v <= 1)) {
                    return false;
                }
            }
            return true;
        }

        /** The tutorial's update (its equations 39 to 47) after one generation of λ evaluated points. */
        State tell(List<Point> evaluated) {
            List<Point> sorted = new ArrayList<>(evaluated);
            sorted.sort(Comparator.comparingDouble(Point::score));
            double[][] y = new double[mu][n];
            double[] yw = new double[n];
            for (int k = 0; k < mu; k++) {
                for (int i = 0; i < n; i++) {
                    y[k][i] = (sorted.get(k).x()[i] - mean[i]) / sigma;
                    yw[i] += weights[k] * y[k][i];
                }
            }
            double[] newMean = new double[n];
            for (int i = 0; i < n; i++) {
                newMean[i] = mean[i] + sigma * yw[i];
            }
            // C^(-1/2) y_w = B D^-1 B^T y_w
            double[] bty = new double[n];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += b[i][j] * yw[i];
                }
                bty[j] = s / d[j];
            }
            double[] newPs = new double[n];
            double psNorm = 0;
            double csFactor = Math.sqrt(cs * (2 - cs) * mueff);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += b[i][j] * bty[j];
                }
                newPs[i] = (1 - cs) * ps[i] + csFactor * s;
                psNorm += newPs[i] * newPs[i];
            }
            psNorm = Math.sqrt(psNorm);
            double newSigma = sigma * Math.exp(cs / damps * (psNorm / chiN - 1));
            int g = generation + 1;
            boolean hsig = psNorm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * g)) < (1.4 + 2.0 / (n + 1)) * chiN;
            double[] newPc = new double[n];
            double ccFactor = Math.sqrt(cc * (2 - cc) * mueff);
            for (int i = 0; i < n; i++) {
                newPc[i] = (1 - cc) * pc[i] + (hsig ? ccFactor * yw[i] : 0);
            }
            double deltaH = hsig ? 0 : cc * (2 - cc);
            double[][] newC = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double rankMu = 0;
                    for (int k = 0; k < mu; k++) {
                        rankMu += weights[k] * y[k][i] * y[k][j];
                    }
                    double v = (1 + c1 * deltaH - c1 - cmu) * c[i][j] + c1 * newPc[i] * newPc[j] + cmu * rankMu;
                    newC[i][j] = v;
                    newC[j][i] = v;
                }
            }
            double[] newBests = Arrays.copyOf(bests, bests.length + 1);
            newBests[bests.length] = sorted.get(0).score();
            int keep = 10 + (int) Math.ceil(30.0 * n / lambda);
            if (newBests.length > keep) {
                newBests = Arrays.copyOfRange(newBests, newBests.length - keep, newBests.length);
            }
            return new State(n, lambda, newMean, newSigma, newC, newPc, newPs, g, restarts, newBests);
        }

        /** Hansen's TolX, ConditionCov and TolHistFun stopping criteria, scaled to the unit cube. */
        boolean converged() {
            double maxD = 0;
            double minD = Double.POSITIVE_INFINITY;
            for (double v : d) {
                maxD = Math.max(maxD, v);
                minD = Math.min(minD, v);
            }
            if (sigma * maxD < 1e-10 || (maxD / minD) * (maxD / minD) > 1e14 || !Double.isFinite(sigma)) {
                return true;
            }
            int keep = 10 + (int) Math.ceil(30.0 * n / lambda);
            if (bests.length >= keep) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double v : bests) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                return hi - lo < 1e-12;
            }
            return false;
        }
    }
}
