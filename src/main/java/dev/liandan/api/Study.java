package dev.liandan.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.liandan.command.Backends;
import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.ensemble.EnsembleBuilder;
import dev.liandan.ensemble.EnsembleListener;
import dev.liandan.ensemble.EnsembleOptions;
import dev.liandan.ensemble.EnsembleResult;
import dev.liandan.pruner.Pruner;
import dev.liandan.pruner.Pruners;
import dev.liandan.report.Leaderboard;
import dev.liandan.sampler.Sampler;
import dev.liandan.sampler.Samplers;
import dev.liandan.space.PrunerSpec;
import dev.liandan.space.SamplerOptions;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.Space;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.storage.Storages;
import dev.liandan.study.EpochListener;
import dev.liandan.study.Feasibility;
import dev.liandan.study.ParetoRanking;
import dev.liandan.study.Heartbeat;
import dev.liandan.study.JoinStudy;
import dev.liandan.study.Next;
import dev.liandan.study.NextTrialPolicy;
import dev.liandan.study.PruneCheck;
import dev.liandan.study.Ranking;
import dev.liandan.study.StudyAborted;
import dev.liandan.study.StudyLayout;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyResult;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudySetup;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.TrialCache;
import dev.liandan.study.WorkerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A study from Java: a named set of trials in a storage (in memory, a SQLite file, PostgreSQL),
 * searched by a sampler, pruned by a pruner, with a seed. The same study reads the same in
 * {@code liandan leaderboard}, {@code report} and {@code status} as one run by {@code liandan sweep}.
 *
 * <pre>{@code
 * try (Study study = Study.create("digits").storage("results/digits/study.db")
 *         .direction(Direction.MAXIMIZE).sampler("tpe").seed(1).open()) {
 *     study.optimize(trial -> {
 *         double lr = trial.suggestFloat("lr", 1e-5, 1e-1, true);
 *         String opt = trial.suggestCategorical("opt", List.of("adam", "sgd"));
 *         if (opt.equals("sgd")) {
 *             trial.suggestFloat("momentum", 0.8, 0.99);
 *         }
 *         return train(lr, opt);
 *     }, 50);
 *     System.out.println(study.bestTrial());
 * }
 * }</pre>
 *
 * <p>Three ways to run trials: {@link #optimize(Objective, int)} (define-by-run: the objective
 * asks for its parameters), {@link #ask()} / {@link #tell(Trial, double)} (an external loop), and
 * {@link #optimize(int)} for a study opened from a space file ({@link #fromSpaceFile}), which
 * trains what the file describes as {@code liandan sweep} does. {@code optimize} runs the worker
 * loop of {@code liandan worker}: several JVMs optimizing one SQLite or PostgreSQL study share it
 * with an exact budget, heartbeats, and lost trials re-run.
 *
 * <p>The library prints nothing; notices go to the SLF4J logger {@code dev.liandan.api.Study}.
 * A study holds its storage connection until {@link #close()}.
 */
public final class Study implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Study.class);

    static {
        // before the objective builds its network: DL4J decides on oneDNN layer helpers per layer, when built
        dev.liandan.train.LayerHelpers.allow();
    }
    /** The objective metric's name in storage when the caller names none. */
    public static final String DEFAULT_METRIC = "value";
    private static final String DEFINE_BY_RUN = "define-by-run";

    private final StudyStorage storage;
    private final StudySpec spec;
    private final Sampler sampler;
    private final boolean fileStudy;
    private final KnownSpace space;
    private final Path studyDir;
    private final Duration heartbeatGrace;
    private final String worker = WorkerId.current();
    private final Set<Integer> asked = ConcurrentHashMap.newKeySet();
    private TrialCache askCache;
    private Heartbeat askHeartbeat;

    private Study(StudyStorage storage, StudySpec spec, Sampler sampler, boolean fileStudy, Path studyDir,
                  Duration heartbeatGrace) {
        this.storage = storage;
        this.spec = spec;
        this.sampler = sampler;
        this.fileStudy = fileStudy;
        this.space = new KnownSpace(storage, spec.name(), fileStudy ? spec.space() : null);
        this.studyDir = studyDir;
        this.heartbeatGrace = heartbeatGrace;
    }

    /** Starts describing a study named {@code name}; {@link Builder#open()} creates it, or loads it if it exists. */
    public static Builder create(String name) {
        return new Builder(name);
    }

    /**
     * Loads an existing study by name from a storage ({@code memory:} cannot hold one yet; a
     * SQLite path or {@code jdbc:postgresql://...}), with the sampler, pruner, seed and
     * direction it was created with.
     */
    public static Study load(String name, String storage) {
        StudyStorage opened = Storages.open(storage);
        try {
            StudyRecord record = opened.findStudy(name).orElseThrow(() -> new UserError("no study '" + name + "' in " + opened));
            JsonNode text = readText(record.spaceText());
            if (text == null || !DEFINE_BY_RUN.equals(text.path("kind").asText())) {
                StudySpec spec = SpaceFileParser.parse(record.spaceText(),
                        Path.of(record.spaceFile() == null ? name + ".yaml" : record.spaceFile()));
                return new Study(opened, spec, StudySetup.checkSampler(spec), true, sqliteStudyDir(storage),
                        StudyRunner.DEFAULT_HEARTBEAT_GRACE);
            }
            JsonNode search = text.path("search");
            Builder b = create(name).seed(search.path("seed").asLong())
                    .retries(search.path("retries").asInt(SearchSpec.DEFAULT_RETRIES));
            if (text.path("objective").isArray()) {
                for (JsonNode o : text.path("objective")) {
                    dev.liandan.space.Objective objective = Builder.objective(o);
                    b.objective(objective.metric(), objective.direction());
                }
            } else {
                b.direction(record.direction()).metric(record.metric());
            }
            for (JsonNode c : text.path("constraints")) {
                b.constraints(c.asText());
            }
            Map<String, Object> options = YAML.convertValue(search.path("options"), STRING_MAP);
            b.sampler(search.path("sampler").asText(SearchSpec.DEFAULT_SAMPLER), options == null ? Map.of() : options);
            JsonNode pruner = search.path("pruner");
            Map<String, Object> prunerOptions = YAML.convertValue(pruner.path("options"), STRING_MAP);
            b.pruner(pruner.path("name").asText(PrunerSpec.NONE), prunerOptions == null ? Map.of() : prunerOptions);
            String time = opened.studyAttributes(name).get(StudySetup.ATTRIBUTE_TIME_BUDGET);
            if (time != null && !StudySetup.NO_TIME_BUDGET.equals(time)) {
                b.timeBudget(Duration.parse(time)); // the time budget its last run had
            }
            return b.openOn(opened, sqliteStudyDir(storage));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Opens the study a space file describes, in its default place ({@code results/<study>/study.db}
     * below the working directory, as {@code liandan sweep} keeps it), creating it if it is new.
     */
    public static Study fromSpaceFile(Path file) {
        return fromSpaceFile(file, Path.of("results"));
    }

    /** As {@link #fromSpaceFile(Path)}, the study kept in {@code results/<study>/}. */
    public static Study fromSpaceFile(Path file, Path results) {
        StudySpec spec = SpaceFileParser.parse(file);
        Path dir = results.resolve(spec.name());
        StudyStorage storage = JdbcStorage.sqlite(dir.resolve("study.db"));
        try {
            StudySetup.prepare(storage, spec);
            return new Study(storage, spec, StudySetup.checkSampler(spec), true, dir, StudyRunner.DEFAULT_HEARTBEAT_GRACE);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** The study's name. */
    public String name() {
        return spec.name();
    }

    /** Whether the objective is minimised or maximised (in a study of several: the first objective). */
    public Direction direction() {
        return spec.objective().direction();
    }

    /** The objectives' names in their order (Optuna's {@code metric_names}); one for a study of one objective. */
    public List<String> metrics() {
        return spec.objectives().stream().map(dev.liandan.space.Objective::metric).toList();
    }

    /** The objectives' directions in their order (Optuna's {@code directions}). */
    public List<Direction> directions() {
        return spec.objectives().stream().map(dev.liandan.space.Objective::direction).toList();
    }

    /** The study's constraints as written ({@code "params <= 100000"}); empty for none. */
    public List<String> constraints() {
        return spec.constraints().stream().map(dev.liandan.space.Constraint::text).toList();
    }

    /** True for a study of several objectives: {@link #optimizeMulti}, {@link #bestTrials()}. */
    public boolean multiObjective() {
        return spec.multiObjective();
    }

    /**
     * Runs define-by-run trials until the study has {@code trials} finished trials in all
     * (COMPLETE, PRUNED or FAILED, counted over every worker of the study and every earlier run;
     * trials whose worker was lost are re-run, not counted), the sampler has nothing left, or the
     * time budget has passed. An exception in the objective ends its trial FAILED with its
     * reason, and the study goes on.
     *
     * @return how the run ended
     */
    public StudyResult optimize(Objective objective, int trials) {
        return optimize(objective, trials, true);
    }

    /**
     * As {@link #optimize(Objective, int)}; with {@code catchExceptions} false, an exception in
     * the objective is recorded on its trial (FAILED) and then thrown from here (a checked one
     * wrapped in {@link ObjectiveException}), and the run stops.
     */
    public StudyResult optimize(Objective objective, int trials, boolean catchExceptions) {
        if (spec.multiObjective()) {
            throw new IllegalStateException("study '" + name() + "' has " + ObjectiveVector.describe(spec.objectives())
                    + ": give optimizeMulti an objective that returns " + spec.objectives().size() + " values");
        }
        return run(new ObjectiveBackend(context(), objective, catchExceptions, studyDir != null), trials);
    }

    /**
     * As {@link #optimize(Objective, int)} for an objective that returns one value per objective of
     * the study ({@link #metrics()}, in that order), as Optuna's {@code study.optimize} with
     * {@code directions=[...]}. A vector of the wrong length, or with a NaN or infinite entry, ends
     * its trial FAILED with the reason, and the study goes on. (A name of its own: Java could not
     * tell {@code optimize(t -> ..., n)} for one value from one for several.)
     */
    public StudyResult optimizeMulti(MultiObjective objective, int trials) {
        return optimizeMulti(objective, trials, true);
    }

    /** As {@link #optimizeMulti(MultiObjective, int)}; {@code catchExceptions} as in {@link #optimize(Objective, int, boolean)}. */
    public StudyResult optimizeMulti(MultiObjective objective, int trials, boolean catchExceptions) {
        return run(new ObjectiveBackend(context(), objective, spec.objectives(), catchExceptions, studyDir != null),
                trials);
    }

    private StudyResult run(ObjectiveBackend backend, int trials) {
        checkBudget(trials);
        StudyRunner runner = runner(backend)
                .withSampler(new ProposalSampler(sampler))
                .withSpace(space::space);
        try {
            return runner.run(spec.withSearch(spec.search().withTrialsAndSeed(trials, spec.search().seed())), trials);
        } catch (StudyAborted e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ObjectiveException(cause);
        }
    }

    /**
     * Runs the trials of a study opened from a space file until it has {@code trials} finished
     * ones, training what the file describes (its dl4j model, or its command), as
     * {@code liandan sweep} does in one process.
     */
    public StudyResult optimize(int trials) {
        if (!fileStudy || spec.sourceText() == null) {
            throw new IllegalStateException("study '" + name() + "' has no space file: give optimize an objective");
        }
        checkBudget(trials);
        StudySpec run = spec.withSearch(spec.search().withTrialsAndSeed(trials, spec.search().seed()));
        return runner(Backends.forSpec(run)).run(run, trials);
    }

    private static void checkBudget(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("a study needs a budget of at least 1 trial, got " + trials);
        }
    }

    private StudyRunner runner(dev.liandan.study.TrialBackend backend) {
        Path dir = studyDir != null ? studyDir : Path.of(name()); // never written to without a results folder
        return new StudyRunner(storage, backend, dir, new StudyListener() {
        }).withHeartbeatGrace(heartbeatGrace).withLog(LOG::warn);
    }

    private Trial.Context context() {
        return new Trial.Context(storage, name(), space, spec.objective().metric(), direction());
    }

    /**
     * Starts a trial for an external loop: an enqueued configuration if there is one, else the
     * sampler's proposal. Its parameters are read with {@code suggest*} as in an objective; end it
     * with {@link #tell(Trial, double)} or {@link #tell(Trial, TrialState)}. It is kept alive by a
     * heartbeat of this study until then.
     */
    public Trial ask() {
        return ask(Map.of());
    }

    /**
     * As {@link #ask()}, with the parameters of {@code distributions} suggested at once (Optuna's
     * {@code fixed_distributions}): the trial's {@link Trial#params()} hold them on return.
     */
    public synchronized Trial ask(Map<String, Distribution> distributions) {
        if (askCache == null) {
            askCache = new TrialCache(storage, name());
        }
        NextTrialPolicy policy = new NextTrialPolicy(new ProposalSampler(sampler), worker, Pruners.of(spec.pruner()));
        StudySpec now = spec.withSpace(space.space(askCache.refresh()));
        Next.Taken taken = storage.decideNext(name(),
                reader -> policy.decide(now, askCache.refresh(reader), Integer.MAX_VALUE, Instant.now()));
        if (taken.next().kind() != Next.Kind.START && taken.next().kind() != Next.Kind.CLAIM) {
            throw new IllegalStateException("study '" + name() + "' starts no more trials: " + taken.next().reason());
        }
        dev.liandan.study.Trial record = taken.trial();
        asked.add(record.number());
        if (askHeartbeat == null) {
            askHeartbeat = Heartbeat.start(storage, name(), heartbeatGrace, () -> List.copyOf(asked), LOG::warn);
        }
        Pruner pruner = Pruners.of(spec.pruner());
        EpochListener listener = (epoch, metrics) -> {
            Double value = metrics.get(spec.objective().metric());
            if (value != null && Double.isFinite(value)) {
                storage.reportIntermediate(name(), record.number(), epoch, value);
            }
            return !PruneCheck.stop(askCache, spec, pruner, record, epoch);
        };
        Path dir = studyDir == null ? null : new StudyLayout(studyDir).trialDir(record.number());
        Trial trial = new Trial(context(), record.number(), record.seed(), record.params(), listener, dir);
        distributions.forEach(trial::suggest);
        return trial;
    }

    /**
     * Ends an asked trial COMPLETE with {@code value} (FAILED if the value is NaN or infinite, or if
     * the study has several objectives: then give them all with {@link #tell(Trial, double...)}).
     */
    public void tell(Trial trial, double value) {
        finish(ObjectiveVector.of(new double[]{value}, spec.objectives(), trial.setMetrics()), trial);
    }

    /**
     * Ends an asked trial COMPLETE with one value per objective of the study, in the order of
     * {@link #metrics()} (Optuna's {@code study.tell(trial, values)}); FAILED with the reason when
     * their number is not the study's number of objectives or one is NaN or infinite (as Optuna
     * does, and as a NaN ends a trial of one objective).
     */
    public void tell(Trial trial, double... values) {
        finish(ObjectiveVector.of(values, spec.objectives(), trial.setMetrics()), trial);
    }

    private void finish(ObjectiveVector v, Trial trial) {
        if (v.failure() != null) {
            LOG.warn("liandan: trial {} of study '{}' FAILED: {}", trial.number(), name(), v.failure());
            finish(trial, TrialState.FAILED, null, Map.of(), v.failure());
        } else {
            finish(trial, TrialState.COMPLETE, v.value(), v.metrics(), null);
        }
    }

    /**
     * Ends an asked trial PRUNED (keeping the best value it reported) or FAILED. For COMPLETE,
     * use {@link #tell(Trial, double)}.
     */
    public void tell(Trial trial, TrialState state) {
        switch (state) {
            case PRUNED -> finish(trial, TrialState.PRUNED, trial.bestReported(), trial.setMetrics(), null);
            case FAILED -> finish(trial, TrialState.FAILED, null, Map.of(), "told FAILED by the caller");
            default -> throw new IllegalArgumentException("tell a trial PRUNED or FAILED, or give its value; not " + state);
        }
    }

    private void finish(Trial trial, TrialState state, Double value, Map<String, Double> metrics, String reason) {
        storage.setTrialParams(name(), trial.number(), trial.storedParams());
        boolean done = storage.finishTrial(name(), trial.number(), state, value, new java.util.HashMap<>(metrics),
                trial.lastEpoch(), reason);
        asked.remove(trial.number());
        if (!done) {
            throw new IllegalStateException("trial " + trial.number() + " of study '" + name()
                    + "' was already ended (told twice, or reclaimed by another worker as lost)");
        }
    }

    /** Every trial of the study, by number. */
    public List<FrozenTrial> trials() {
        Map<Integer, Map<String, Object>> attributes = UserAttributes.all(storage.studyAttributes(name()));
        List<FrozenTrial> out = new ArrayList<>();
        for (dev.liandan.study.Trial t : storage.trials(name())) {
            out.add(FrozenTrial.of(t, attributes.get(t.number()), spec.objectives()));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The best COMPLETE trial (ties: the lower number), or empty while none has completed; with
     * constraints, the best of those that satisfy them.
     *
     * @throws IllegalStateException for a study of several objectives, which has no one best trial
     *                               (as Optuna's {@code best_trial} raises): use {@link #bestTrials()}
     */
    public Optional<FrozenTrial> bestTrial() {
        if (spec.multiObjective()) {
            throw new IllegalStateException("study '" + name() + "' has " + ObjectiveVector.describe(spec.objectives())
                    + ": its best trials are a Pareto front, bestTrials()");
        }
        List<dev.liandan.study.Trial> trials = storage.trials(name());
        if (!spec.constraints().isEmpty()) {
            trials = trials.stream().filter(t -> Feasibility.violation(spec.constraints(), t) == 0).toList();
        }
        return Ranking.best(trials, direction())
                .map(t -> FrozenTrial.of(t, UserAttributes.all(storage.studyAttributes(name())).get(t.number()),
                        spec.objectives()));
    }

    /**
     * The Pareto-optimal trials (Optuna's {@code best_trials}): the COMPLETE trials that satisfy the
     * constraints and that no other such trial dominates (at least as good in every objective,
     * better in one), ordered by the first objective, then by number: the leaderboard's rows with
     * {@code pareto} true, in its order. A trial missing an objective's value is not compared. For a
     * study of one objective: its best trial, or none.
     */
    public List<FrozenTrial> bestTrials() {
        if (!spec.multiObjective()) {
            return bestTrial().map(List::of).orElse(List.of());
        }
        Map<Integer, Map<String, Object>> attributes = UserAttributes.all(storage.studyAttributes(name()));
        List<FrozenTrial> out = new ArrayList<>();
        for (ParetoRanking.Ranked r : ParetoRanking.ranked(storage.trials(name()), spec.objectives(),
                spec.constraints())) {
            if (r.pareto()) {
                out.add(FrozenTrial.of(r.trial(), attributes.get(r.trial().number()), spec.objectives()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The study's leaderboard, as {@code liandan leaderboard} prints it: {@link Leaderboard#rows()},
     * or {@link Leaderboard#table()}, {@link Leaderboard#csv()}, {@link Leaderboard#json()}.
     *
     * @param top how many ranked rows (COMPLETE trials, best first)
     */
    public Leaderboard leaderboard(int top) {
        StudyRecord record = storage.findStudy(name()).orElseThrow();
        return Leaderboard.of(record, storage.trials(name()), top, false,
                spec.multiObjective() ? spec.objectives() : List.of(), spec.constraints());
    }

    /**
     * Builds an ensemble of the study's best trials into {@code <study dir>/ensemble/}, as
     * {@code liandan ensemble} does: for a study opened from a space file, from the trials of its
     * {@code data:} section; for a define-by-run study, from the trials whose networks
     * {@link OwnNetwork#train} kept (chosen on the validation rows they share, with no test split;
     * caruana, soft_vote or hard_vote). {@code Ensemble.load} and {@code liandan predict} load the bundle.
     * The candidates are the best trials by the (first) objective, or those {@code options} choose:
     * {@link EnsembleOptions#withTrials} (exactly those; one trial gives a bundle of it alone) or
     * {@link EnsembleOptions#withPareto()} (the Pareto front of a study of several objectives).
     *
     * @throws IllegalStateException when the study keeps no files (in memory or PostgreSQL without {@code results})
     */
    public EnsembleResult buildEnsemble(EnsembleOptions options) throws IOException {
        if (studyDir == null) {
            throw new IllegalStateException("study '" + name() + "' keeps no trial files (no results folder): an"
                    + " ensemble is built from the models its trials kept");
        }
        if (!fileStudy) {
            return EnsembleBuilder.buildOwn(name(), spec.objectives(), spec.constraints(), storage.trials(name()),
                    studyDir, options, new EnsembleListener() {
                    });
        }
        if (spec.data() == null) {
            throw new IllegalStateException("study '" + name() + "' has no data section: an ensemble is built from"
                    + " the trials of one");
        }
        return EnsembleBuilder.build(spec, storage.trials(name()), studyDir, options, new EnsembleListener() {
        });
    }

    /** {@link #buildEnsemble(EnsembleOptions)} with {@code liandan ensemble}'s defaults (caruana over the best 10). */
    public EnsembleResult buildEnsemble() throws IOException {
        return buildEnsemble(EnsembleOptions.defaults());
    }

    /** The study's folder ({@code trials/<n>/} below it hold trial files), or empty when it keeps none. */
    public Optional<Path> studyDir() {
        return Optional.ofNullable(studyDir);
    }

    /** Closes the storage connection; trials asked and not told are then left to be reclaimed as lost. */
    @Override
    public synchronized void close() {
        if (askHeartbeat != null) {
            askHeartbeat.close();
            askHeartbeat = null;
        }
        storage.close();
    }

    private static Path sqliteStudyDir(String storage) {
        String s = storage.strip();
        if (s.equals("memory:") || s.startsWith("jdbc:postgresql:")) {
            return null;
        }
        s = s.startsWith("jdbc:sqlite:") ? s.substring("jdbc:sqlite:".length()) : s.startsWith("sqlite:") ? s.substring(7) : s;
        Path parent = Path.of(s).toAbsolutePath().getParent();
        return parent;
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> STRING_MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private static JsonNode readText(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * How a study is described: storage, objective (direction and metric, or several with
     * {@link #maximize}/{@link #minimize}), constraints, sampler, pruner, seed. {@link #open()}
     * creates the study, or loads it if one of that name exists (its objectives and constraints
     * must match).
     */
    public static final class Builder {
        private final String name;
        private String storage = "memory:";
        private Direction direction = Direction.MINIMIZE;
        private String metric = DEFAULT_METRIC;
        private boolean oneObjectiveGiven;
        private final List<dev.liandan.space.Objective> objectives = new ArrayList<>();
        private final List<dev.liandan.space.Constraint> constraints = new ArrayList<>();
        private String samplerName = SearchSpec.DEFAULT_SAMPLER;
        private Map<String, Object> samplerOptions = Map.of();
        private Sampler samplerInstance;
        private String prunerName = PrunerSpec.NONE;
        private Map<String, Object> prunerOptions = Map.of();
        private long seed;
        private int retries = SearchSpec.DEFAULT_RETRIES;
        private Duration timeBudget;
        private Path results;
        private Duration heartbeatGrace = StudyRunner.DEFAULT_HEARTBEAT_GRACE;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a study needs a name");
            }
            this.name = name.strip();
        }

        /**
         * Where the study lives: {@code memory:} (the default; gone when the study is closed), a
         * SQLite file path ({@code results/digits/study.db}; its folder then holds the trials'
         * files), or {@code jdbc:postgresql://host/db?user=NAME} (password from {@code PGPASSWORD}).
         */
        public Builder storage(String storageUrlOrPath) {
            this.storage = storageUrlOrPath;
            return this;
        }

        /** Whether to minimise (the default) or maximise the objective. */
        public Builder direction(Direction d) {
            this.direction = java.util.Objects.requireNonNull(d);
            this.oneObjectiveGiven = true;
            return this;
        }

        /** The objective's name in reports and leaderboards (default "value"). */
        public Builder metric(String name) {
            this.metric = name;
            this.oneObjectiveGiven = true;
            return this;
        }

        /**
         * Adds an objective to maximise, named {@code metric} in reports and leaderboards. Called
         * more than once, it makes a study of several objectives, in the order of the calls (Optuna's
         * {@code directions=[...]}): {@code .maximize("accuracy").minimize("params")}. The first
         * objective is the trial's value, the one {@link Trial#report} reports and ties within a
         * Pareto front are broken by. Not together with {@link #direction}/{@link #metric}.
         */
        public Builder maximize(String metric) {
            return objective(metric, Direction.MAXIMIZE);
        }

        /** Adds an objective to minimise: see {@link #maximize}. */
        public Builder minimize(String metric) {
            return objective(metric, Direction.MINIMIZE);
        }

        /** Adds an objective named {@code metric} in direction {@code d}: see {@link #maximize}. */
        public Builder objective(String metric, Direction d) {
            if (metric == null || metric.isBlank()) {
                throw new IllegalArgumentException("an objective needs a name");
            }
            String m = metric.strip();
            if (objectives.stream().anyMatch(o -> o.metric().equals(m))) {
                throw new IllegalArgumentException("objective '" + m + "' is listed twice");
            }
            objectives.add(new dev.liandan.space.Objective(m, java.util.Objects.requireNonNull(d)));
            return this;
        }

        /**
         * Constraints on the trials' metrics, in the syntax of a space file's {@code constraints:}
         * ({@code "params <= 100000"}; {@code <=}, {@code >=}, {@code <}, {@code >}): a trial is
         * feasible when each holds on its metrics (its objectives' values and what it set with
         * {@link Trial#setMetric}; a metric it lacks makes it infeasible). Feasible trials rank
         * first, {@link #bestTrials()} holds only feasible ones, and nsga2 and tpe prefer them
         * (Deb 2000; Optuna's {@code constraints_func}).
         */
        public Builder constraints(String... texts) {
            for (String text : texts) {
                try {
                    constraints.add(dev.liandan.space.Constraint.of(text));
                } catch (dev.liandan.space.SpaceError e) {
                    throw new IllegalArgumentException(e.getMessage().substring(e.location().toString().length() + 2));
                }
            }
            return this;
        }

        /** A sampler by name ({@code auto}, the default: {@link SearchSpec#DEFAULT_SAMPLER}; {@code tpe}, {@code random}, {@code gp}, {@code cmaes}, ...). */
        public Builder sampler(String name) {
            return sampler(name, Map.of());
        }

        /** A sampler by name with options, as a space file's {@code search.options} give them. */
        public Builder sampler(String name, Map<String, Object> options) {
            this.samplerName = name;
            this.samplerOptions = Map.copyOf(options);
            this.samplerInstance = null;
            return this;
        }

        /** A sampler instance (one of yours): it must keep no state but its options, as liandan's do. */
        public Builder sampler(Sampler instance) {
            this.samplerInstance = instance;
            this.samplerName = instance.name();
            this.samplerOptions = Map.of();
            return this;
        }

        /** A pruner by name ({@code median}, {@code asha}, {@code hyperband}; default none) with its options. */
        public Builder pruner(String name, Map<String, Object> options) {
            this.prunerName = name;
            this.prunerOptions = Map.copyOf(options);
            return this;
        }

        /** A pruner by name with its default options. */
        public Builder pruner(String name) {
            return pruner(name, Map.of());
        }

        /** The seed of everything random in the study (default 0): the same seed, the same sequential run. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** How many times the configuration of a trial whose worker was lost is re-run (default 3). */
        public Builder retries(int n) {
            this.retries = n;
            return this;
        }

        /** No trial starts once this much wall time has passed since the study's first trial started. */
        public Builder timeBudget(Duration d) {
            this.timeBudget = d;
            return this;
        }

        /**
         * A results folder: the study keeps its trials' files in {@code <dir>/<study>/trials/<n>/}.
         * By default a SQLite study uses its database file's folder; other storages keep no files.
         */
        public Builder results(Path dir) {
            this.results = dir;
            return this;
        }

        /** How old another worker's heartbeat may be before its trial is taken as lost (default 60 s). */
        public Builder heartbeatGrace(Duration grace) {
            this.heartbeatGrace = grace;
            return this;
        }

        /** Creates the study, or loads it if the storage has one of this name. */
        public Study open() {
            StudyStorage opened = Storages.open(storage);
            try {
                return openOn(opened, results != null ? results.resolve(name) : sqliteStudyDir(storage));
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        }

        private Study openOn(StudyStorage opened, Path studyDir) {
            if (!objectives.isEmpty() && oneObjectiveGiven) {
                throw new IllegalArgumentException("give a study's objectives either with direction() and metric() or"
                        + " with maximize()/minimize()/objective(), not both");
            }
            List<dev.liandan.space.Objective> all = objectives.isEmpty()
                    ? List.of(new dev.liandan.space.Objective(metric, direction)) : List.copyOf(objectives);
            String metric = all.get(0).metric();
            Direction direction = all.get(0).direction();
            Sampler sampler = samplerInstance != null ? samplerInstance
                    : Samplers.configured(new SearchSpec(samplerName, 1, seed, null, SamplerOptions.of(samplerOptions),
                    retries, timeBudget));
            Object[] options = new Object[prunerOptions.size() * 2];
            int i = 0;
            for (Map.Entry<String, Object> e : prunerOptions.entrySet()) {
                options[i++] = e.getKey();
                options[i++] = e.getValue();
            }
            PrunerSpec pruner = PrunerSpec.of(prunerName, options);
            Pruner checkedPruner = Pruners.of(pruner); // an unknown name or option fails here
            if (all.size() > 1) {
                // each would silently optimise the first objective alone (the space file's rule, study.ObjectiveValues)
                if (!sampler.severalObjectives()) {
                    throw new UserError("sampler " + sampler.name() + " models one objective: with " + all.size()
                            + " objectives use auto, nsga2, tpe, random, grid or sobol");
                }
                if (!PrunerSpec.NONE.equals(pruner.name()) && !checkedPruner.severalObjectives()) {
                    throw new UserError("pruner " + pruner.name() + " compares one objective's epochs; a study of "
                            + all.size() + " objectives runs with pareto_asha or without a pruner");
                }
            }
            String text = describe(all);
            Optional<StudyRecord> existing = opened.findStudy(name);
            if (existing.isEmpty()) {
                try {
                    opened.createStudy(new StudyRecord(name, text, null, metric, direction, Instant.now()));
                } catch (UserError raced) {
                    existing = opened.findStudy(name); // another JVM created it a moment ago
                    if (existing.isEmpty()) {
                        throw raced;
                    }
                }
            }
            if (existing.isPresent()) {
                StudyRecord r = existing.get();
                List<dev.liandan.space.Objective> stored = storedObjectives(r);
                if (!stored.equals(all)) {
                    throw new UserError("study '" + name + "' exists in " + opened + " to " + words(stored)
                            + ", not to " + words(all));
                }
                List<String> storedConstraints = new ArrayList<>();
                JsonNode storedText = readText(r.spaceText());
                if (storedText != null) {
                    // as written (a space file's "params <= 99"), read back in one form ("params <= 99.0")
                    storedText.path("constraints").forEach(c -> storedConstraints.add(
                            dev.liandan.space.Constraint.of(c.asText()).text()));
                }
                List<String> mine = constraints.stream().map(dev.liandan.space.Constraint::text).toList();
                if (!storedConstraints.equals(mine)) {
                    throw new UserError("study '" + name + "' exists in " + opened + " with constraints "
                            + storedConstraints + ", not " + mine);
                }
                text = r.spaceText();
            }
            if (all.size() > 1) {
                // as a sweep records them (StudySetup): the leaderboard of any host ranks by them
                opened.setStudyAttribute(name, ParetoRanking.ATTRIBUTE, ParetoRanking.attribute(all));
            }
            if (!constraints.isEmpty()) {
                opened.setStudyAttribute(name, Feasibility.ATTRIBUTE, Feasibility.attribute(constraints));
            }
            SearchSpec search = new SearchSpec(samplerName, 1, seed, null, SamplerOptions.of(samplerOptions), retries,
                    timeBudget);
            StudySpec spec = new StudySpec(name, Path.of(name + ".java"), text, null, new Space(List.of()),
                    all.get(0), search, null, pruner, null, all, constraints);
            return new Study(opened, spec, sampler, false, studyDir, heartbeatGrace);
        }

        /** The objectives a stored define-by-run study was created with: its text's list, else its record's one. */
        private static List<dev.liandan.space.Objective> storedObjectives(StudyRecord r) {
            JsonNode text = readText(r.spaceText());
            if (text != null && text.path("objective").isArray()) {
                List<dev.liandan.space.Objective> out = new ArrayList<>();
                for (JsonNode o : text.path("objective")) {
                    out.add(objective(o));
                }
                return out;
            }
            return List.of(new dev.liandan.space.Objective(r.metric(), r.direction()));
        }

        /** One {@code {metric, direction}} entry of a stored list (a space file may leave the direction to the metric's default). */
        private static dev.liandan.space.Objective objective(JsonNode o) {
            String metric = o.path("metric").asText();
            String direction = o.path("direction").asText("");
            return new dev.liandan.space.Objective(metric, direction.isEmpty() ? SpaceFileParser.defaultDirection(metric)
                    : Direction.valueOf(direction.toUpperCase(java.util.Locale.ROOT)));
        }

        /** "maximize accuracy, minimize params". */
        private static String words(List<dev.liandan.space.Objective> objectives) {
            StringBuilder sb = new StringBuilder();
            for (dev.liandan.space.Objective o : objectives) {
                sb.append(sb.length() == 0 ? "" : ", ").append(o.direction().name().toLowerCase(java.util.Locale.ROOT))
                        .append(' ').append(o.metric());
            }
            return sb.toString();
        }

        /**
         * The study as its stored text says it: what `liandan report` shows and {@link #load} reads back.
         * Several objectives are a list of {@code {metric, direction}}, as a space file writes them (the
         * report's Pareto section reads them from there).
         */
        private String describe(List<dev.liandan.space.Objective> all) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("kind", DEFINE_BY_RUN);
            root.put("study", name);
            if (all.size() == 1) {
                root.put("objective", Map.of("metric", all.get(0).metric(),
                        "direction", all.get(0).direction().name().toLowerCase()));
            } else {
                List<Map<String, Object>> list = new ArrayList<>();
                for (dev.liandan.space.Objective o : all) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("metric", o.metric());
                    entry.put("direction", o.direction().name().toLowerCase(java.util.Locale.ROOT));
                    list.add(entry);
                }
                root.put("objective", list);
            }
            if (!constraints.isEmpty()) {
                root.put("constraints", constraints.stream().map(dev.liandan.space.Constraint::text).toList());
            }
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("sampler", samplerName);
            if (!samplerOptions.isEmpty()) {
                search.put("options", samplerOptions);
            }
            search.put("seed", seed);
            search.put("retries", retries);
            Map<String, Object> pruner = new LinkedHashMap<>();
            pruner.put("name", prunerName);
            if (!prunerOptions.isEmpty()) {
                pruner.put("options", prunerOptions);
            }
            search.put("pruner", pruner);
            root.put("search", search);
            try {
                return JoinStudy.DEFINE_BY_RUN_HEADER + ": its parameters are those its trials suggest\n"
                        + YAML.writeValueAsString(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
