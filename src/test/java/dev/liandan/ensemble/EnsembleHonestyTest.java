package dev.liandan.ensemble;

import dev.liandan.space.StudySpec;
import dev.liandan.study.Ranking;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ensemble that loses to the best single trial on the validation cross-fit is not written
 * without a word: on a real iris study whose trials are mostly weak, an equal soft vote of all
 * five scores far below the best trial there, so the bundle holds that trial alone and says why;
 * {@code keep} writes the vote.
 */
class EnsembleHonestyTest {
    @TempDir
    Path tmp;

    @Test
    void aLosingEnsembleIsReplacedByTheBestSingleTrialUnlessKept() throws Exception {
        StudySpec spec = IrisStudy.spec(tmp, "iris-weak", 3);
        Path studyDir = tmp.resolve("iris-weak");
        try (StudyStorage storage = IrisStudy.sweep(spec, studyDir, 5)) {
            List<Trial> trials = storage.trials(spec.name());
            Trial best = Ranking.ranked(trials, spec.objective().direction()).get(0);
            EnsembleOptions vote = new EnsembleOptions(Method.SOFT_VOTE, 5, 1, 1, false, false);

            EnsembleResult replaced = EnsembleBuilder.build(spec, trials, studyDir, vote, new EnsembleListener() {
            });
            Manifest m = replaced.manifest();
            Manifest.CrossFit c = m.crossFit();
            assertNotNull(c);
            assertTrue(c.ensemble() < c.bestSingle(), "this study's vote loses on the cross-fit: " + c);
            assertTrue(c.replaced());
            assertEquals("soft_vote", c.chosenMethod());
            assertEquals(1, m.members().size(), "the best single trial alone");
            assertEquals(best.number(), m.members().get(0).trial());
            assertEquals(1.0, m.members().get(0).weight());
            assertEquals(m.bestSingle().validation(), m.metric().validation(), "the bundle scores as that trial");
            assertEquals(m.bestSingle().test(), m.metric().test());
            String text = EnsembleReport.text(replaced);
            assertEquals(1, text.lines().filter(l -> l.startsWith("The soft_vote ensemble scored below the best single"
                    + " trial on the validation cross-fit")).count(), text);
            assertTrue(text.contains("the bundle holds trial " + best.number() + " alone (--keep writes the ensemble)"),
                    text);

            // the written bundle predicts as the best trial's own model
            Dataset data = Datasets.load(spec.data());
            double[][] raw = IrisStudy.rawRows(IrisStudy.IRIS, data.test().rows(), "label");
            try (Ensemble e = Ensemble.load(replaced.bundle())) {
                assertEquals(1, e.manifest().members().size());
                assertTrue(e.manifest().crossFit().replaced(), "the verdict is read back from the bundle");
                double[][] p = e.predictProba(raw);
                double[][] own = trialTestProbabilities(studyDir, best, data);
                for (int i = 0; i < p.length; i++) {
                    assertArrayEquals(own[i], p[i], 1e-6);
                }
            }

            EnsembleResult kept = EnsembleBuilder.build(spec, trials, studyDir, vote.keeping(true),
                    new EnsembleListener() {
                    });
            assertEquals(5, kept.manifest().members().size(), "--keep writes the vote");
            assertFalse(kept.manifest().crossFit().replaced());
            assertEquals(c.ensemble(), kept.manifest().crossFit().ensemble(), "the same halvings, the same verdict");
            assertTrue(EnsembleReport.text(kept).contains("Kept (--keep): the soft_vote ensemble scored below"));
        }
    }

    @Test
    void theCrossFitIsBenchEnsemblesRule() throws Exception {
        StudySpec spec = IrisStudy.spec(tmp, "iris-weak", 3);
        Path studyDir = tmp.resolve("iris-weak");
        try (StudyStorage storage = IrisStudy.sweep(spec, studyDir, 5)) {
            List<Trial> trials = storage.trials(spec.name());
            EnsembleResult r = EnsembleBuilder.build(spec, trials, studyDir,
                    new EnsembleOptions(Method.HARD_VOTE, 5, 1, 1, false, false).keeping(true), new EnsembleListener() {
                    });
            ValidationCrossCheck.Library library = ValidationCrossCheck.library(spec, trials, studyDir, 5);
            List<ValidationCrossCheck.Way> ways = ValidationCrossCheck.standardWays(1, 1);
            double[] bench = ValidationCrossCheck.heldOutAccuracy(library, ways, ValidationCrossCheck.REPEATS,
                    ValidationCrossCheck.SEED);
            // ways 0 and 2 are "best single" and "hard_vote"
            assertEquals(bench[0], r.manifest().crossFit().bestSingle(), 1e-12);
            assertEquals(bench[2], r.manifest().crossFit().ensemble(), 1e-12);
        }
    }

    private static double[][] trialTestProbabilities(Path studyDir, Trial t, Dataset data) throws Exception {
        var net = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
                EnsembleBuilder.trialDir(studyDir, t).resolve(dev.liandan.train.Dl4jBackend.MODEL_FILE).toFile(), false);
        try {
            return Ensemble.probabilities(net, data.test().features(), data.test().size(), data.featureCount());
        } finally {
            net.close();
        }
    }
}
