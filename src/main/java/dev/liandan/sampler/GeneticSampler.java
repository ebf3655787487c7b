package dev.liandan.sampler;

import dev.liandan.core.TrialState;
import dev.liandan.core.Observation;
import dev.liandan.core.Seeds;
import dev.liandan.core.Direction;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.generator.GeneticSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.genetic.Chromosome;
import org.deeplearning4j.arbiter.optimize.generator.genetic.crossover.ArithmeticCrossover;
import org.deeplearning4j.arbiter.optimize.generator.genetic.crossover.parentselection.RandomTwoParentSelection;
import org.deeplearning4j.arbiter.optimize.generator.genetic.culling.LeastFitCullOperator;
import org.deeplearning4j.arbiter.optimize.generator.genetic.mutation.RandomMutationOperator;
import org.deeplearning4j.arbiter.optimize.generator.genetic.population.PopulationModel;
import org.deeplearning4j.arbiter.optimize.generator.genetic.selection.GeneticSelectionOperator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Genetic search by Deeplearning4j Arbiter's {@link GeneticSearchCandidateGenerator} (1.0.0-beta7),
 * behind our stateless contract. One gene per searchable parameter, on its unit interval. On each
 * ask a fresh generator is built and its population replayed from the history: every finished
 * trial with a value (COMPLETE, PRUNED), in trial-number order, is added as a chromosome, so
 * Arbiter's least-fit culling leaves exactly the population a single long-lived generator would
 * hold. Until the population reaches its culled size the generator proposes random genes; after
 * that, children of two random members (arithmetic crossover) with random mutation.
 *
 * <p>What we keep from users:
 * <ul>
 * <li>Arbiter's operators draw from unseeded {@code JDKRandomGenerator}s by default; here every
 *     operator gets one generator seeded by (seed, index), so proposals are reproducible.</li>
 * <li>When it cannot breed a new gene set it logs a stack trace and returns a candidate without a
 *     value; here that falls back to a random proposal (and Arbiter's logger is kept at ERROR).</li>
 * <li>Its parent selection loops forever on a population of one and its mutation can write into a
 *     parent's genes: the population has at least 4 members and is rebuilt for every ask, and the
 *     child's genes are copied out.</li>
 * <li>A parameter inactive in a trial (a conditional one) has no gene there: it gets a value drawn
 *     from (seed, trial number), so that the chromosome is complete and deterministic.</li>
 * </ul>
 * Its defaults are poor for hyperparameter search (mutation rate 0.005, population 30 with 20
 * random trials first, single-point crossover), so this sampler sets its own: population
 * ⌈1.5 max(8, 2d)⌉, culled back to two thirds, arithmetic crossover at rate 0.85, and mutation
 * rate 1/(d + 1).
 */
public final class GeneticSampler implements Sampler {
    static {
        // Arbiter logs a warning with a stack trace for a candidate it could not build; we handle that
        String key = "org.slf4j.simpleLogger.log.org.deeplearning4j.arbiter";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "error");
        }
    }

    /** @param population 0: automatic; mutationRate 0: 1 / (d + 1) */
    record Config(int population, double mutationRate, double crossoverRate) {
    }

    static final Config DEFAULTS = new Config(0, 0, 0.85);

    private final Config config;

    public GeneticSampler() {
        this(DEFAULTS);
    }

    GeneticSampler(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "genetic";
    }

    @Override
    public Sampler configure(Map<String, Object> options) {
        OptionReader r = new OptionReader(name(), options);
        int population = r.integer("population", 0, 0, 100_000);
        if (population > 0 && population < 4) {
            throw new OptionError("population", "expected 0 (automatic) or at least 4, got " + population);
        }
        Config c = new Config(population, r.number("mutation_rate", 0, -1e-300, 1),
                r.number("crossover_rate", DEFAULTS.crossoverRate(), -1e-300, 1));
        r.done();
        return new GeneticSampler(c);
    }

    /** The population size for {@code genes} genes. */
    int population(int genes) {
        return config.population() > 0 ? config.population() : (int) Math.ceil(1.5 * Math.max(8, 2 * genes));
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        Space space = request.space();
        List<SearchableParam> params = space.searchable();
        long seed = Seeds.mix(request.seed(), request.index());
        if (params.isEmpty()) {
            return Optional.of(space.assign(p -> p.fromUnit(0.5)));
        }
        int d = params.size();
        RandomGenerator rng = new JDKRandomGenerator();
        rng.setSeed(seed);
        double mutation = config.mutationRate() > 0 ? config.mutationRate() : 1.0 / (d + 1);
        GeneticSelectionOperator selection = new GeneticSelectionOperator.Builder()
                .crossoverOperator(new ArithmeticCrossover.Builder().crossoverRate(config.crossoverRate())
                        .parentSelection(new RandomTwoParentSelection(rng)).randomGenerator(rng).build())
                .mutationOperator(new RandomMutationOperator.Builder().mutationRate(mutation).randomGenerator(rng).build())
                .randomGenerator(rng)
                .build();
        PopulationModel population = new PopulationModel.Builder().populationSize(population(d))
                .cullOperator(new LeastFitCullOperator()).build();
        GeneticSearchCandidateGenerator generator = new GeneticSearchCandidateGenerator.Builder(
                new UnitCube(d), new Direction0(request.direction() == Direction.MINIMIZE))
                .populationModel(population).selectionOperator(selection).build();
        for (Observation o : request.history()) {
            boolean valued = (o.state() == TrialState.COMPLETE || o.state() == TrialState.PRUNED)
                    && o.value() != null && Double.isFinite(o.value());
            if (valued) {
                population.add(new Chromosome(genes(params, o, request.seed()), o.value()));
            }
        }
        Candidate candidate = generator.getCandidate();
        double[] genes = candidate.getException() == null && candidate.getFlatParameters() != null
                ? candidate.getFlatParameters().clone() : null;
        SplittableRandom fallback = new SplittableRandom(seed);
        Map<String, Double> unit = new HashMap<>();
        for (int i = 0; i < d; i++) {
            double g = genes == null || !(genes[i] >= 0 && genes[i] <= 1) ? fallback.nextDouble() : genes[i];
            unit.put(params.get(i).name(), g);
        }
        return Optional.of(space.assign(p -> p.fromUnit(unit.get(p.name()))));
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

    /** Arbiter's view of our search space: d genes in [0, 1], handed back as they are. */
    private static final class UnitCube implements ParameterSpace<double[]> {
        private final int d;

        UnitCube(int d) {
            this.d = d;
        }

        @Override
        public double[] getValue(double[] parameterValues) {
            return parameterValues.clone();
        }

        @Override
        public int numParameters() {
            return d;
        }

        @Override
        public List<ParameterSpace> collectLeaves() {
            return List.of(this);
        }

        @Override
        public Map<String, ParameterSpace> getNestedSpaces() {
            return Map.of();
        }

        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public void setIndices(int... indices) {
            // genes map to parameters by position; nothing to remember
        }
    }

    /** Only the direction matters to the generator: no model is ever scored through it. */
    private record Direction0(boolean minimize) implements ScoreFunction {
        @Override
        public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
            throw new UnsupportedOperationException("liandan scores trials itself");
        }

        @Override
        public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
            throw new UnsupportedOperationException("liandan scores trials itself");
        }

        @Override
        public List<Class<?>> getSupportedModelTypes() {
            return List.of();
        }

        @Override
        public List<Class<?>> getSupportedDataTypes() {
            return List.of();
        }
    }
}
