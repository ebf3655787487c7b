package dev.liandan.ensemble;

import dev.liandan.core.UserError;
import dev.liandan.space.StudySpec;
import dev.liandan.command.Backends;
import dev.liandan.study.StudyLayout;
import dev.liandan.study.Trial;
import dev.liandan.study.TrialOutcome;
import dev.liandan.train.Dataset;
import dev.liandan.train.RegressionData;
import dev.liandan.train.RegressionDatasets;
import dev.liandan.train.RegressionMetrics;
import dev.liandan.train.RegressionTraining;
import dev.liandan.train.SavedNetwork;
import dev.liandan.train.Split;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an ensemble of a regression study's trials, as {@link EnsembleBuilder} does for classes and
 * with the same honesty: chosen on the validation split from the predictions the trials saved there,
 * scored (RMSE, in the target's units) on the held-out test split only for the report.
 *
 * <ul>
 *   <li>{@code soft_vote}: the plain average of the best {@code topK} trials' predictions;</li>
 *   <li>{@code caruana}: {@link RegressionCaruana}, forward selection on validation RMSE, optionally
 *       with the best configurations retrained with new seeds as further candidates;</li>
 *   <li>{@code hierarchical}: each of the best configurations trained with {@code seedsPerConfig}
 *       seeds, averaged within the configuration and then across configurations.</li>
 * </ul>
 * {@code hard_vote} and fitted soft-vote weights are for classes and are refused.
 */
final class RegressionEnsembleBuilder {
    static final String METRIC = "rmse";
    /** The ensemble's predictions on the held-out test rows ({@code row,label,prediction}), in the bundle. */
    static final String TEST_PREDICTIONS = "test_predictions.csv";

    private RegressionEnsembleBuilder() {
    }

    /** A trained network with its predictions (target units) on the validation and test splits. */
    private record Member(Trial trial, int group, long seed, boolean retrained, MultiLayerNetwork net,
                          double[] val, double[] test) {
    }

    static EnsembleResult build(StudySpec spec, List<Trial> trials, Path studyDir, EnsembleOptions options,
                                EnsembleListener listener) throws IOException {
        if (options.method() == Method.HARD_VOTE) {
            throw new UserError("ensemble method hard_vote votes on classes: a regression uses soft_vote (averaging),"
                    + " caruana or hierarchical");
        }
        if (options.fittedWeights()) {
            throw new UserError("fitted soft_vote weights are for classification: a regression averages with equal"
                    + " weights, or caruana chooses them");
        }
        List<Trial> ranked = CandidateTrials.of(spec.name(), trials, spec.objectives(), spec.constraints(), options);
        if (ranked.isEmpty()) {
            throw new UserError("study '" + spec.name() + "' has no COMPLETE trial to build an ensemble from");
        }
        RegressionData data = RegressionDatasets.load(spec.data());
        Dataset features = data.data();
        if (features.test().size() == 0) {
            throw new UserError("study '" + spec.name() + "' holds out no test rows (data.test is 0): an ensemble is"
                    + " chosen on the validation split and needs the test split to be scored honestly");
        }
        double[] yVal = data.targets("validation");
        double[] yTest = data.targets("test");
        List<Member> pool = new ArrayList<>();
        List<Member> extra = new ArrayList<>();
        try {
            for (Trial t : ranked) {
                if (pool.size() == CandidateTrials.limit(options)) {
                    break;
                }
                Path dir = EnsembleBuilder.trialDir(studyDir, t);
                if (!Files.isRegularFile(dir.resolve(StudyLayout.MODEL_FILE))
                        || !Files.isRegularFile(dir.resolve(StudyLayout.PREDICTIONS_FILE))) {
                    CandidateTrials.missingFiles(options, t, StudyLayout.MODEL_FILE + " and "
                            + StudyLayout.PREDICTIONS_FILE + " in " + dir, listener);
                    continue;
                }
                pool.add(load(t, t.number(), t.seed(), false, dir, data));
            }
            if (pool.isEmpty()) {
                throw new UserError("no trial of study '" + spec.name() + "' has its model file in " + studyDir);
            }
            Member best = pool.get(0);
            List<Integer> candidates = pool.stream().map(m -> m.trial().number()).toList();
            List<Member> members;
            double[] weights;
            Manifest.Selection selection;
            switch (options.method()) {
                case CARUANA: {
                    List<Member> library = new ArrayList<>(pool);
                    int reseeded = Math.min(options.reseededConfigs(), pool.size());
                    for (Member original : pool.subList(0, reseeded)) {
                        library.addAll(reseeded(spec, studyDir, original, options.seedsPerConfig(), data, listener,
                                extra));
                    }
                    RegressionCaruana.Result r = RegressionCaruana.select(library.stream().map(Member::val).toList(),
                            yVal, options.caruana());
                    members = CaruanaLibrary.chosen(library, r.weights());
                    weights = CaruanaLibrary.chosenWeights(r.weights());
                    selection = CaruanaLibrary.selection(options,
                            library.stream().map(m -> m.trial().number()).toList(),
                            library.stream().map(Member::seed).toList(), library.size() > pool.size(), reseeded,
                            r.order(), r.trajectory(), METRIC);
                    break;
                }
                case SOFT_VOTE:
                    members = new ArrayList<>(pool);
                    weights = new double[pool.size()];
                    Arrays.fill(weights, 1.0 / pool.size());
                    selection = new Manifest.Selection(options.topK(), null, null, "equal", candidates);
                    break;
                case HIERARCHICAL:
                    members = new ArrayList<>();
                    for (Member original : pool) {
                        members.add(original);
                        members.addAll(reseeded(spec, studyDir, original, options.seedsPerConfig(), data, listener,
                                extra));
                    }
                    weights = new double[members.size()];
                    for (int i = 0; i < members.size(); i++) {
                        int group = members.get(i).group();
                        long inGroup = members.stream().filter(m -> m.group() == group).count();
                        weights[i] = 1.0 / inGroup / pool.size();
                    }
                    selection = new Manifest.Selection(options.topK(), null, options.seedsPerConfig(),
                            "equal within and across configurations", candidates);
                    break;
                default:
                    throw new IllegalStateException(options.method().toString());
            }
            Manifest.Score score = new Manifest.Score(METRIC,
                    RegressionMetrics.rmse(combine(members.stream().map(Member::val).toList(), weights), yVal),
                    RegressionMetrics.rmse(combine(members.stream().map(Member::test).toList(), weights), yTest));
            boolean hierarchical = options.method() == Method.HIERARCHICAL;
            List<Manifest.Member> entries = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                String file = "members/trial-" + m.trial().number() + (m.retrained() ? "-seed-" + m.seed() : "") + ".zip";
                entries.add(new Manifest.Member(file, m.trial().number(), hierarchical ? m.group() : null, m.seed(),
                        m.retrained(), weights[i], m.trial().params(), RegressionMetrics.rmse(m.val(), yVal),
                        RegressionMetrics.rmse(m.test(), yTest)));
            }
            Manifest.Member bestSingle = new Manifest.Member(null, best.trial().number(), null, best.seed(), null, null,
                    best.trial().params(), RegressionMetrics.rmse(best.val(), yVal),
                    RegressionMetrics.rmse(best.test(), yTest));
            Manifest manifest = new Manifest(Manifest.FORMAT, EnsembleBuilder.version(), Instant.now().toString(),
                    spec.name(), options.method().id(), List.of(),
                    Manifest.Input.of(features.featureNames(), features.labelColumn(), features.scaler()),
                    score, bestSingle, selection.from(options.candidatesFrom()), entries, null, Manifest.REGRESSION,
                    new Manifest.Target(data.target().mean(), data.target().std()));
            Path bundle = studyDir.resolve(EnsembleBuilder.BUNDLE_DIR);
            BundleWriter.write(manifest, members.stream().map(m -> new SavedNetwork(m.net(), null)).toList(), bundle);
            // the ensemble's held-out predictions, for the report's predicted-vs-true plot
            try (java.io.Writer w = Files.newBufferedWriter(bundle.resolve(TEST_PREDICTIONS), StandardCharsets.UTF_8)) {
                RegressionTraining.writePredictions(w, features.test(), yTest,
                        combine(members.stream().map(Member::test).toList(), weights));
            }
            Path zip = null;
            if (options.zip()) {
                zip = studyDir.resolve(EnsembleBuilder.BUNDLE_DIR + ".zip");
                BundleWriter.zip(bundle, zip);
            }
            return new EnsembleResult(bundle, zip, manifest);
        } finally {
            pool.forEach(m -> m.net().close());
            extra.forEach(m -> m.net().close());
        }
    }

    /** The weighted sum of the members' predictions, row by row. */
    static double[] combine(List<double[]> predictions, double[] weights) {
        double[] out = new double[predictions.get(0).length];
        for (int m = 0; m < predictions.size(); m++) {
            for (int i = 0; i < out.length; i++) {
                out[i] += weights[m] * predictions.get(m)[i];
            }
        }
        return out;
    }

    /**
     * The configuration of {@code original} trained again with seeds 2..{@code perConfig} (kept and reused
     * in {@code ensemble-members/}, as for classification); runs that do not finish are left out with a note.
     */
    private static List<Member> reseeded(StudySpec spec, Path studyDir, Member original, int perConfig,
                                         RegressionData data, EnsembleListener listener, List<Member> created)
            throws IOException {
        Trial t = original.trial();
        List<Member> out = new ArrayList<>();
        for (int index = 2; index <= perConfig; index++) {
            long seed = EnsembleBuilder.memberSeed(t, index);
            Path dir = EnsembleBuilder.memberDir(studyDir, t, seed);
            boolean reused = Files.isRegularFile(dir.resolve(StudyLayout.MODEL_FILE))
                    && Files.isRegularFile(dir.resolve(StudyLayout.PREDICTIONS_FILE));
            Double value = null;
            if (!reused) {
                listener.retrainStarted(t.number(), index, perConfig, seed);
                TrialOutcome outcome = EnsembleBuilder.trainMember(Backends.forSpec(spec), spec, t, seed, dir, listener);
                if (outcome == null) {
                    continue;
                }
                value = outcome.value();
            }
            Member m = load(t, t.number(), seed, true, dir, data);
            created.add(m);
            out.add(m);
            listener.retrainFinished(t.number(), index, perConfig, seed, value, reused);
        }
        return out;
    }

    private static Member load(Trial t, int group, long seed, boolean retrained, Path dir, RegressionData data)
            throws IOException {
        double[] val = readValidation(dir.resolve(StudyLayout.PREDICTIONS_FILE), data, t.number());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(StudyLayout.MODEL_FILE).toFile(),
                false);
        Split test = data.data().test();
        double[] predicted = RegressionTraining.predict(net, data.target(), test.features(), test.size(),
                test.featureCount());
        return new Member(t, group, seed, retrained, net, val, predicted);
    }

    /**
     * A trial's {@code val_predictions.csv} ({@code row,label,prediction}), checked against the study's
     * validation split: the same rows in the same order with the same targets, or the data changed.
     */
    static double[] readValidation(Path file, RegressionData data, int trial) throws IOException {
        Split val = data.data().validation();
        double[] truth = data.targets("validation");
        String problem = "trial " + trial + "'s " + file.getFileName() + " does not match the study's validation split";
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (!"row,label,prediction".equals(r.readLine())) {
                throw new UserError(problem + " (expected the header row,label,prediction of a regression trial)");
            }
            double[] p = new double[val.size()];
            for (int i = 0; i < val.size(); i++) {
                String line = r.readLine();
                String[] cells = line == null ? new String[0] : line.split(",", -1);
                if (cells.length != 3 || !cells[0].equals(Integer.toString(val.row(i)))
                        || Double.parseDouble(cells[1]) != truth[i]) {
                    throw new UserError(problem + " at its line " + (i + 2) + " (was the data file changed?)");
                }
                p[i] = Double.parseDouble(cells[2]);
            }
            String extra = r.readLine();
            if (extra != null && !extra.isBlank()) {
                throw new UserError(problem + " (more rows than the split's " + val.size() + ")");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UserError(problem + ": " + e.getMessage());
        }
    }
}
