package dev.liandan.ensemble;

import dev.liandan.study.NextTrialPolicy;
import dev.liandan.command.Backends;
import dev.liandan.study.TrialBackend;
import dev.liandan.study.StudyLayout;
import dev.liandan.study.FailureReason;
import dev.liandan.core.TrialState;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.study.JoinStudy;
import dev.liandan.study.StudyRecord;
import dev.liandan.core.UserError;
import dev.liandan.study.Feasibility;
import dev.liandan.study.ParetoRanking;
import dev.liandan.space.Constraint;
import dev.liandan.space.Objective;
import dev.liandan.study.Trial;
import dev.liandan.study.TrialOutcome;
import dev.liandan.study.TrialRequest;
import dev.liandan.core.Direction;
import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;
import dev.liandan.train.SavedNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an ensemble from a study's finished trials and writes it as a bundle.
 *
 * <p>Honest evaluation: the members are chosen (and soft-vote weights fitted) on the validation
 * split only, from the predictions each trial saved there; the held-out test split — which no
 * trial trained or was scored on — is touched only to report the test score of the ensemble,
 * of each member and of the study's best single trial. Nothing is chosen by a test score.
 *
 * <p>The candidates are the study's best {@code topK} COMPLETE trials by its objective (trials
 * without their model file are skipped with a note), or the trials {@link EnsembleOptions#trials()}
 * names, or the Pareto front of a study of several objectives ({@link CandidateTrials}); for caruana with {@code seedsPerConfig} > 1
 * also the best {@code reseedTop} of them trained again with new seeds, each a candidate of its own
 * (their validation predictions come from the same early-stopped training as a trial's, so they are
 * chosen on validation exactly like the trials). The metric is the objective's: accuracy for
 * {@code val_accuracy}, log loss for {@code val_loss}; in a study of several objectives, the first one's.
 *
 * <p>A define-by-run study whose trials trained the user's own networks ({@link #buildOwn}) has no
 * data section: its candidates' validation rows and labels are those their predictions files hold
 * (the same for every candidate), there is no test split to score on, and nothing can be retrained.
 */
public final class EnsembleBuilder {
    /** The bundle's folder inside the study's folder. */
    public static final String BUNDLE_DIR = "ensemble";
    /** Where members retrained with new seeds (hierarchical, caruana) are kept (reused by a later build). */
    public static final String MEMBERS_WORK_DIR = "ensemble-members";
    /** A retrained member's class probabilities on the test split, beside its validation ones. */
    public static final String TEST_PREDICTIONS_FILE = "test_predictions.csv";

    private EnsembleBuilder() {
    }

    /** A trained network with its predictions on the validation and test splits ({@code test} null: no test split). */
    record Member(Trial trial, int group, long seed, boolean retrained, SavedNetwork net,
                  double[][] val, double[][] test) {
    }

    /**
     * Where an ensemble's candidates come from: each trial's kept network with its predictions, the
     * validation labels they are chosen on, the held-out test labels they are scored on (if any), and
     * the bundle's classes and input schema.
     */
    interface Candidates {
        /** Trial {@code t}'s network and predictions from its folder {@code dir}, or null (after a note) when it is no candidate. */
        Member load(Trial t, Path dir, EnsembleListener listener) throws IOException;

        /** The validation labels, once a candidate is loaded. */
        int[] validationLabels();

        /** The test labels, or null when the study holds out no test rows. */
        int[] testLabels();

        List<String> classNames();

        Manifest.Input input();

        /**
         * The configuration of {@code original} trained again with new seeds (members 2..{@code perConfig}),
         * each also added to {@code created} (to be closed).
         */
        List<Member> reseeded(Member original, int perConfig, EnsembleListener listener, List<Member> created)
                throws IOException;
    }

    /**
     * @param studyDir the study's folder: trials' artifacts under {@code trials/<n>/}; the bundle goes to
     *                 {@code ensemble/} (and {@code ensemble.zip}) there
     */
    public static EnsembleResult build(StudySpec spec, List<Trial> trials, Path studyDir, EnsembleOptions options,
                                       EnsembleListener listener) throws IOException {
        if (spec.data() != null && spec.data().regression()) {
            return RegressionEnsembleBuilder.build(spec, trials, studyDir, options, listener);
        }
        List<Trial> ranked = CandidateTrials.of(spec.name(), trials, spec.objectives(), spec.constraints(), options);
        if (ranked.isEmpty()) {
            throw new UserError("study '" + spec.name() + "' has no COMPLETE trial to build an ensemble from");
        }
        Dataset data = Datasets.load(spec.data());
        if (data.test().size() == 0) {
            throw new UserError("study '" + spec.name() + "' holds out no test rows (data.test is 0): an ensemble is"
                    + " chosen on the validation split and needs the test split to be scored honestly");
        }
        return build(spec.name(), Metric.ofObjective(spec.objective().metric()), ranked, studyDir, options, listener,
                new SplitCandidates(spec, studyDir, data));
    }

    /**
     * Builds the ensemble of a stored study: {@link #buildOwn} for a define-by-run study of the Java API,
     * {@link #build(StudySpec, List, Path, EnsembleOptions, EnsembleListener)} for one of a space file
     * (its text as stored).
     */
    public static EnsembleResult build(StudyRecord record, List<Trial> trials, Path studyDir, EnsembleOptions options,
                                       EnsembleListener listener) throws IOException {
        return build(record, java.util.Map.of(), trials, studyDir, options, listener);
    }

    /**
     * As {@link #build(StudyRecord, List, Path, EnsembleOptions, EnsembleListener)}, with the study's
     * attributes: a define-by-run study's objectives and constraints are kept there
     * ({@link ParetoRanking#ATTRIBUTE}, {@link Feasibility#ATTRIBUTE}); a space file's are in its text.
     */
    public static EnsembleResult build(StudyRecord record, java.util.Map<String, String> attributes, List<Trial> trials,
                                       Path studyDir, EnsembleOptions options, EnsembleListener listener)
            throws IOException {
        if (record.spaceText() != null && record.spaceText().startsWith(JoinStudy.DEFINE_BY_RUN_HEADER)) {
            List<Objective> objectives = ParetoRanking.fromAttributes(attributes);
            return buildOwn(record.name(), objectives.isEmpty() ? List.of(new Objective(record.metric(),
                    record.direction())) : objectives, Feasibility.fromAttributes(attributes), trials, studyDir, options,
                    listener);
        }
        if (record.spaceText() == null) {
            throw new UserError("study '" + record.name() + "' keeps no space file: an ensemble needs its data section"
                    + " or its trials' own networks");
        }
        StudySpec spec = SpaceFileParser.parse(record.spaceText(),
                Path.of(record.spaceFile() == null ? record.name() + ".yaml" : record.spaceFile()));
        return build(spec, trials, studyDir, options, listener);
    }

    /**
     * Builds an ensemble of a define-by-run study's own-network trials ({@code OwnNetwork.train} kept their
     * {@code model.zip}, {@code val_predictions.csv} and {@code input.json}): chosen on the validation rows
     * they share, with no test split to score on. Methods that retrain configurations (hierarchical, caruana
     * with {@code seedsPerConfig} > 1) are refused: only the user's objective can train their network.
     *
     * @param objectiveMetric the study's metric: {@code val_loss} chooses by log loss, anything else by accuracy
     */
    public static EnsembleResult buildOwn(String study, Direction direction, String objectiveMetric, List<Trial> trials,
                                          Path studyDir, EnsembleOptions options, EnsembleListener listener)
            throws IOException {
        return buildOwn(study, List.of(new Objective(objectiveMetric, direction)), List.of(), trials, studyDir, options,
                listener);
    }

    /**
     * As {@link #buildOwn(String, Direction, String, List, Path, EnsembleOptions, EnsembleListener)} for a study
     * of {@code objectives} (the first chooses the metric) with {@code constraints}: what {@code pareto} reads.
     */
    public static EnsembleResult buildOwn(String study, List<Objective> objectives, List<Constraint> constraints,
                                          List<Trial> trials, Path studyDir, EnsembleOptions options,
                                          EnsembleListener listener) throws IOException {
        String objectiveMetric = objectives.get(0).metric();
        if (options.method() == Method.HIERARCHICAL || options.reseededConfigs() > 0) {
            throw new UserError("study '" + study + "' is a define-by-run study: its networks are trained by its own"
                    + " program, which an ensemble cannot run again with new seeds; use caruana, soft_vote or hard_vote"
                    + " without --seeds-per-config");
        }
        List<Trial> ranked = CandidateTrials.of(study, trials, objectives, constraints, options);
        if (ranked.isEmpty()) {
            throw new UserError("study '" + study + "' has no COMPLETE trial to build an ensemble from");
        }
        return build(study, Metric.ofObjective(objectiveMetric), ranked, studyDir, options, listener,
                new OwnNetworkCandidates());
    }

    private static EnsembleResult build(String study, Metric metric, List<Trial> ranked, Path studyDir,
                                        EnsembleOptions options, EnsembleListener listener, Candidates source)
            throws IOException {
        List<Member> pool = new ArrayList<>();
        List<Member> extra = new ArrayList<>();
        try {
            for (Trial t : ranked) {
                if (pool.size() == CandidateTrials.limit(options)) {
                    break;
                }
                Path dir = trialDir(studyDir, t);
                if (!Files.isRegularFile(dir.resolve(StudyLayout.MODEL_FILE))
                        || !Files.isRegularFile(dir.resolve(StudyLayout.PREDICTIONS_FILE))) {
                    CandidateTrials.missingFiles(options, t, StudyLayout.MODEL_FILE + " and "
                            + StudyLayout.PREDICTIONS_FILE + " in " + dir, listener);
                    continue;
                }
                Member m = source.load(t, dir, listener);
                if (m != null) {
                    pool.add(m);
                } else if (options.trials() != null) {
                    throw new UserError("--trials: trial " + t.number() + " cannot join this ensemble (see the note"
                            + " above)");
                }
            }
            if (pool.isEmpty()) {
                throw new UserError("no trial of study '" + study + "' has its model file in " + studyDir);
            }
            int[] yVal = source.validationLabels();
            int[] yTest = source.testLabels();
            Member best = pool.get(0);

            List<Member> members;
            double[] weights;
            Manifest.Selection selection;
            List<Member> checked; // the candidates the cross-fit chooses from
            ValidationCrossCheck.Chooser chooser; // how the method chooses its weights on some validation rows
            List<Integer> candidates = pool.stream().map(m -> m.trial().number()).toList();
            List<double[][]> vals = pool.stream().map(Member::val).toList();
            switch (options.method()) {
                case CARUANA: {
                    // the library: the top trials, then (asked for) the best configurations with new seeds
                    List<Member> library = new ArrayList<>(pool);
                    int reseeded = Math.min(options.reseededConfigs(), pool.size());
                    if (reseeded > 0) {
                        listener.note(String.format("retraining the best %d configuration(s) with %d new seed(s)"
                                        + " each: %d member(s) in %s (those already there are reused)", reseeded,
                                options.seedsPerConfig() - 1, reseeded * (options.seedsPerConfig() - 1),
                                studyDir.resolve(MEMBERS_WORK_DIR)));
                        for (Member original : pool.subList(0, reseeded)) {
                            library.addAll(source.reseeded(original, options.seedsPerConfig(), listener, extra));
                        }
                    }
                    Metric selectBy = options.selectBy() == null ? metric : options.selectBy();
                    checked = library;
                    chooser = (c, y) -> CaruanaSelection.select(c, y, selectBy, options.caruana()).weights();
                    CaruanaSelection.Result r = CaruanaSelection.select(library.stream().map(Member::val).toList(),
                            yVal, selectBy, options.caruana());
                    members = CaruanaLibrary.chosen(library, r.weights());
                    weights = CaruanaLibrary.chosenWeights(r.weights());
                    selection = CaruanaLibrary.selection(options,
                            library.stream().map(m -> m.trial().number()).toList(),
                            library.stream().map(Member::seed).toList(), library.size() > pool.size(), reseeded,
                            r.order(), r.trajectory(), selectBy.id());
                    break;
                }
                case SOFT_VOTE: {
                    checked = pool;
                    chooser = options.fittedWeights() ? SoftVoteWeights::fit : (c, y) -> equal(c.size());
                    members = new ArrayList<>(pool);
                    weights = options.fittedWeights() ? SoftVoteWeights.fit(vals, yVal) : equal(pool.size());
                    if (options.fittedWeights()) {
                        // members the fit all but switched off are left out of the bundle
                        List<Double> kept = new ArrayList<>();
                        List<Member> keptMembers = new ArrayList<>();
                        for (int i = 0; i < weights.length; i++) {
                            if (weights[i] >= 1e-6) {
                                kept.add(weights[i]);
                                keptMembers.add(pool.get(i));
                            }
                        }
                        double sum = kept.stream().mapToDouble(Double::doubleValue).sum();
                        weights = kept.stream().mapToDouble(v -> v / sum).toArray();
                        members = keptMembers;
                    }
                    selection = new Manifest.Selection(options.topK(), null, null,
                            options.fittedWeights() ? "fitted" : "equal", candidates);
                    break;
                }
                case HARD_VOTE:
                    checked = pool;
                    chooser = (c, y) -> equal(c.size());
                    members = new ArrayList<>(pool);
                    weights = equal(pool.size());
                    selection = new Manifest.Selection(options.topK(), null, null, "equal", candidates);
                    break;
                case HIERARCHICAL:
                    members = retrain(source, pool, options.seedsPerConfig(), listener, extra);
                    weights = new double[members.size()];
                    for (int i = 0; i < members.size(); i++) {
                        int group = members.get(i).group();
                        long inGroup = members.stream().filter(m -> m.group() == group).count();
                        weights[i] = 1.0 / inGroup / pool.size();
                    }
                    selection = new Manifest.Selection(options.topK(), null, options.seedsPerConfig(),
                            "equal within and across configurations", candidates);
                    checked = members;
                    double[] fixed = weights.clone();
                    chooser = (c, y) -> fixed; // nothing is chosen on validation: the weights are fixed
                    break;
                default:
                    throw new IllegalStateException(options.method().toString());
            }

            Method method = options.method();
            Manifest.CrossFit crossFit = crossFit(method, checked, chooser, pool, yVal, options.keep());
            if (crossFit.replaced()) {
                members = List.of(best);
                weights = new double[]{1.0};
                method = Method.SOFT_VOTE;
                selection = new Manifest.Selection(options.topK(), null, null, "best single trial (cross-fit)",
                        candidates);
            }
            int[] groups = members.stream().mapToInt(Member::group).toArray();
            Manifest.Score score = new Manifest.Score(metric.id(),
                    score(metric, method, members.stream().map(Member::val).toList(), weights, groups, yVal),
                    yTest == null ? null
                            : score(metric, method, members.stream().map(Member::test).toList(), weights, groups, yTest));
            List<Manifest.Member> entries = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                String file = "members/trial-" + m.trial().number() + (m.retrained() ? "-seed-" + m.seed() : "") + ".zip";
                entries.add(new Manifest.Member(file, m.trial().number(),
                        method == Method.HIERARCHICAL ? m.group() : null, m.seed(), m.retrained(), weights[i],
                        m.trial().params(), metric.score(m.val(), yVal), testScore(metric, m, yTest)));
            }
            Manifest.Member bestSingle = new Manifest.Member(null, best.trial().number(), null, best.seed(), null,
                    null, best.trial().params(), metric.score(best.val(), yVal), testScore(metric, best, yTest));
            Manifest manifest = new Manifest(Manifest.FORMAT, version(), Instant.now().toString(), study,
                    method.id(), source.classNames(), source.input(), score, bestSingle,
                    selection.from(options.candidatesFrom()), entries, crossFit);

            Path bundle = studyDir.resolve(BUNDLE_DIR);
            BundleWriter.write(manifest, members.stream().map(Member::net).toList(), bundle);
            Path zip = null;
            if (options.zip()) {
                zip = studyDir.resolve(BUNDLE_DIR + ".zip");
                BundleWriter.zip(bundle, zip);
            }
            return new EnsembleResult(bundle, zip, manifest);
        } finally {
            pool.forEach(m -> m.net().close());
            extra.forEach(m -> m.net().close());
        }
    }

    private static Double testScore(Metric metric, Member m, int[] yTest) {
        return yTest == null ? null : metric.score(m.test(), yTest);
    }

    /** The candidates of a study with a {@code data:} section: its validation and held-out test splits. */
    private static final class SplitCandidates implements Candidates {
        private final StudySpec spec;
        private final Path studyDir;
        private final Dataset data;
        private final float[] testX;

        SplitCandidates(StudySpec spec, Path studyDir, Dataset data) {
            this.spec = spec;
            this.studyDir = studyDir;
            this.data = data;
            this.testX = data.test().features();
        }

        @Override
        public Member load(Trial t, Path dir, EnsembleListener listener) throws IOException {
            return EnsembleBuilder.load(t, t.number(), t.seed(), false, dir, data, testX);
        }

        @Override
        public int[] validationLabels() {
            return data.validation().labels();
        }

        @Override
        public int[] testLabels() {
            return data.test().labels();
        }

        @Override
        public List<String> classNames() {
            return data.classNames();
        }

        @Override
        public Manifest.Input input() {
            return Manifest.Input.of(data.featureNames(), data.labelColumn(), data.scaler());
        }

        @Override
        public List<Member> reseeded(Member original, int perConfig, EnsembleListener listener, List<Member> created)
                throws IOException {
            return EnsembleBuilder.reseeded(spec, studyDir, original, perConfig, data, testX, listener, created);
        }
    }

    /**
     * Hierarchical members: for each configuration in {@code pool}, the trial itself and
     * {@code perConfig - 1} copies trained again with new seeds.
     */
    private static List<Member> retrain(Candidates source, List<Member> pool, int perConfig,
                                        EnsembleListener listener, List<Member> created) throws IOException {
        List<Member> out = new ArrayList<>();
        for (Member original : pool) {
            out.add(original);
            out.addAll(source.reseeded(original, perConfig, listener, created));
        }
        return out;
    }

    /**
     * The configuration of {@code original} trained again with seeds 2..{@code perConfig} of {@link #memberSeed} by
     * the dl4j backend (same params, same data, same early stopping on the validation split), each in
     * {@code ensemble-members/trial-<n>-seed-<seed>/} with its model file, its validation predictions
     * (written by the backend, as a trial's) and its test predictions ({@value #TEST_PREDICTIONS_FILE}, same
     * format). A member whose folder is complete is reused, not trained again. Runs that do not finish are
     * left out with a note. Every member returned is also added to {@code created} (to be closed).
     */
    private static List<Member> reseeded(StudySpec spec, Path studyDir, Member original, int perConfig, Dataset data,
                                         float[] testX, EnsembleListener listener, List<Member> created)
            throws IOException {
        TrialBackend backend = Backends.forSpec(spec);
        Trial t = original.trial();
        List<Member> out = new ArrayList<>();
        for (int index = 2; index <= perConfig; index++) {
            long seed = memberSeed(t, index);
            Path dir = memberDir(studyDir, t, seed);
            boolean reused = Files.isRegularFile(dir.resolve(StudyLayout.MODEL_FILE))
                    && Files.isRegularFile(dir.resolve(StudyLayout.PREDICTIONS_FILE));
            Double value = null;
            if (!reused) {
                listener.retrainStarted(t.number(), index, perConfig, seed);
                TrialOutcome outcome = trainMember(backend, spec, t, seed, dir, listener);
                if (outcome == null) {
                    continue;
                }
                value = outcome.value();
            }
            Member m = load(t, t.number(), seed, true, dir, data, testX);
            created.add(m);
            out.add(m);
            Path testFile = dir.resolve(TEST_PREDICTIONS_FILE);
            if (!Files.isRegularFile(testFile)) {
                ValidationPredictions.write(testFile, data, data.test(), m.test());
            }
            listener.retrainFinished(t.number(), index, perConfig, seed, value, reused);
        }
        return out;
    }

    /**
     * Trains the configuration of {@code t} with {@code seed} into {@code dir}: its outcome, or null (after a
     * note) when it did not end COMPLETE.
     */
    static TrialOutcome trainMember(TrialBackend backend, StudySpec spec, Trial t, long seed, Path dir,
                                    EnsembleListener listener) throws IOException {
        Files.createDirectories(dir);
        TrialOutcome outcome;
        try {
            outcome = backend.run(new TrialRequest(spec, t.number(), t.params(), seed, dir, null));
        } catch (UserError e) {
            throw e;
        } catch (Exception | OutOfMemoryError e) { // a member that cannot be trained is left out, as a trial
            outcome = TrialOutcome.failed(FailureReason.of(e), 0);
        }
        if (outcome.state() != TrialState.COMPLETE) {
            listener.note("configuration of trial " + t.number() + " with seed " + seed + " ended "
                    + outcome.state() + (outcome.failReason() == null ? "" : " (" + outcome.failReason() + ")")
                    + ": left out");
            return null;
        }
        return outcome;
    }

    /** The seed of member {@code index} (2, 3, ...) of a configuration: a fixed function of the trial's own seed. */
    static long memberSeed(Trial t, int index) {
        return NextTrialPolicy.trialSeed(t.seed(), index); // the study's one rule for derived seeds
    }

    /** Where the member of {@code t}'s configuration trained with {@code seed} is kept. */
    static Path memberDir(Path studyDir, Trial t, long seed) {
        return studyDir.resolve(MEMBERS_WORK_DIR).resolve("trial-" + t.number() + "-seed-" + seed);
    }

    private static Member load(Trial t, int group, long seed, boolean retrained, Path dir, Dataset data,
                               float[] testX) throws IOException {
        double[][] val = ValidationPredictions.read(dir.resolve(StudyLayout.PREDICTIONS_FILE), data, t.number());
        SavedNetwork net = SavedNetwork.read(dir.resolve(StudyLayout.MODEL_FILE));
        double[][] test = Ensemble.rows(net.probabilities(testX, data.test().size(), data.featureCount(), null),
                data.test().size());
        return new Member(t, group, seed, retrained, net, val, test);
    }

    /**
     * The rule {@code liandan bench ensemble} uses to compare ways of ensembling: held-out accuracy
     * over {@link ValidationCrossCheck#REPEATS} random halvings of the validation rows, weights chosen
     * on one half and scored on the other. The ensemble is replaced when it scores below the best
     * single trial (chosen on each half among the trials, as bench's "best single" way), unless kept.
     */
    private static Manifest.CrossFit crossFit(Method method, List<Member> candidates,
                                              ValidationCrossCheck.Chooser chooser, List<Member> trials, int[] yVal,
                                              boolean keep) {
        int[] groups = candidates.stream().mapToInt(Member::group).toArray();
        double ensemble = ValidationCrossCheck.heldOutAccuracy(candidates.stream().map(Member::val).toList(), yVal,
                chooser, method, groups, ValidationCrossCheck.REPEATS, ValidationCrossCheck.SEED);
        double single = ValidationCrossCheck.bestSingleHeldOut(trials.stream().map(Member::val).toList(), yVal,
                ValidationCrossCheck.REPEATS, ValidationCrossCheck.SEED);
        return new Manifest.CrossFit(method.id(), ensemble, single, ValidationCrossCheck.REPEATS,
                !keep && ensemble < single);
    }

    static double score(Metric metric, Method method, List<double[][]> probs, double[] weights, int[] groups, int[] y) {
        if (metric == Metric.ACCURACY) {
            return Metric.accuracyOfLabels(Combination.labels(method, probs, weights, groups), y);
        }
        return Metric.logLoss(Combination.proba(method, probs, weights, groups), y);
    }

    private static double[] equal(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    static Path trialDir(Path studyDir, Trial t) {
        return new StudyLayout(studyDir).trialDir(t.number());
    }

    /** The liandan version writing a bundle: the jar's, or "development" when run from classes. */
    static String version() {
        String v = EnsembleBuilder.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
