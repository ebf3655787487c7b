package dev.liandan.ensemble;

import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import dev.liandan.study.TrialRequest;
import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;
import dev.liandan.train.Dl4jBackend;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caruana's library grown by the best configurations retrained with new seeds, on a real small
 * digits study: the library's size, the members' files and seeds, their reproducibility from the
 * seed alone, and a bundle holding such members that predicts exactly as its members' saved
 * predictions say.
 */
class ReseededCaruanaTest {
    static final Path DIGITS = Path.of("data/digits.csv.gz");
    static final int TOP = 3;
    static final int SEEDS_PER_CONFIG = 3;
    static final int RESEED_TOP = 2;

    @TempDir
    static Path tmp;
    static StudySpec spec;
    static List<Trial> ranked;
    static Path studyDir;
    static EnsembleResult result;
    static final List<String> events = new ArrayList<>();

    @BeforeAll
    static void sweepAndBuild() throws Exception {
        String text;
        try (InputStream in = ReseededCaruanaTest.class.getResourceAsStream("/spaces/digits-small.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = tmp.resolve("digits-small.yaml");
        Files.writeString(file, text.replace("DATA_DIR", Path.of("data").toAbsolutePath().toString())
                .replace("EPOCHS", "3"));
        spec = SpaceFileParser.parse(file);
        studyDir = tmp.resolve("digits-small");
        List<Trial> trials;
        try (StudyStorage storage = IrisStudy.sweep(spec, studyDir, 3)) {
            trials = storage.trials(spec.name());
        }
        ranked = dev.liandan.study.Ranking.ranked(trials, spec.objective().direction());
        result = EnsembleBuilder.build(spec, trials, studyDir, options(), recorder(events));
    }

    private static EnsembleOptions options() {
        return new EnsembleOptions(Method.CARUANA, TOP, 10, SEEDS_PER_CONFIG, false, false, Metric.LOG_LOSS, false,
                EnsembleOptions.DEFAULT_BAGS, RESEED_TOP);
    }

    private static EnsembleListener recorder(List<String> out) {
        return new EnsembleListener() {
            @Override
            public void note(String message) {
                out.add("note " + message);
            }

            @Override
            public void retrainStarted(int trial, int index, int of, long seed) {
                out.add("start " + trial + " " + index + "/" + of);
            }

            @Override
            public void retrainFinished(int trial, int index, int of, long seed, Double value, boolean reused) {
                out.add((reused ? "reused " : "done ") + trial + " " + index + "/" + of);
            }
        };
    }

    @Test
    void theLibraryGrowsByTheRetrainedMembersAndTheirProgressIsReported() {
        Manifest.Selection sel = result.manifest().selection();
        int retrained = RESEED_TOP * (SEEDS_PER_CONFIG - 1);
        assertEquals(TOP + retrained, sel.candidates().size(), sel.candidates().toString());
        assertEquals(sel.candidates().size(), sel.candidateSeeds().size());
        assertEquals(RESEED_TOP, sel.reseedTop());
        assertEquals(SEEDS_PER_CONFIG, sel.seedsPerConfig());
        assertEquals(sel.order().size(), sel.orderSeeds().size());
        // the trials first (their own seeds), then each of the best RESEED_TOP configurations' new seeds
        List<Integer> expectedTrials = new ArrayList<>();
        List<Long> expectedSeeds = new ArrayList<>();
        for (Trial t : ranked.subList(0, TOP)) {
            expectedTrials.add(t.number());
            expectedSeeds.add(t.seed());
        }
        for (Trial t : ranked.subList(0, RESEED_TOP)) {
            for (int index = 2; index <= SEEDS_PER_CONFIG; index++) {
                expectedTrials.add(t.number());
                expectedSeeds.add(EnsembleBuilder.memberSeed(t, index));
            }
        }
        assertEquals(expectedTrials, sel.candidates());
        assertEquals(expectedSeeds, sel.candidateSeeds());
        assertEquals(expectedSeeds.stream().distinct().count(), expectedSeeds.size(), "every member its own seed");

        for (int i = TOP; i < expectedTrials.size(); i++) {
            Path dir = studyDir.resolve(EnsembleBuilder.MEMBERS_WORK_DIR)
                    .resolve("trial-" + expectedTrials.get(i) + "-seed-" + expectedSeeds.get(i));
            for (String f : List.of(Dl4jBackend.MODEL_FILE, Dl4jBackend.PREDICTIONS_FILE,
                    EnsembleBuilder.TEST_PREDICTIONS_FILE)) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), dir.resolve(f) + " is kept");
            }
        }
        assertTrue(events.get(0).startsWith("note retraining the best 2 configuration(s) with 2 new seed(s) each: "
                + "4 member(s)"), events.toString());
        assertEquals(1 + 2 * retrained, events.size(), events.toString());
        assertEquals("start " + ranked.get(0).number() + " 2/3", events.get(1));
        assertEquals("done " + ranked.get(0).number() + " 2/3", events.get(2));
    }

    @Test
    void aRetrainedMemberIsReproducibleFromItsSeed() throws Exception {
        Dataset data = Datasets.load(spec.data());
        Trial best = ranked.get(0);
        long seed = EnsembleBuilder.memberSeed(best, 2);
        Path kept = EnsembleBuilder.memberDir(studyDir, best, seed);
        Path again = tmp.resolve("again");
        Files.createDirectories(again);
        new Dl4jBackend().run(new TrialRequest(spec, best.number(), best.params(), seed, again, null));
        assertEquals(Files.readString(kept.resolve(Dl4jBackend.PREDICTIONS_FILE)),
                Files.readString(again.resolve(Dl4jBackend.PREDICTIONS_FILE)), "validation predictions");
        double[][] savedTest = ValidationPredictions.read(kept.resolve(EnsembleBuilder.TEST_PREDICTIONS_FILE), data,
                data.test(), "test", best.number());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                again.resolve(Dl4jBackend.MODEL_FILE).toFile(), false);
        double[][] retest = Ensemble.probabilities(net, data.test().features(), data.test().size(),
                data.featureCount());
        net.close();
        for (int i = 0; i < savedTest.length; i++) {
            assertArrayEquals(retest[i], savedTest[i], "test row " + i);
        }
        // and the new seed made a different network than the trial's own
        assertTrue(!Files.readString(kept.resolve(Dl4jBackend.PREDICTIONS_FILE)).equals(Files.readString(
                EnsembleBuilder.trialDir(studyDir, best).resolve(Dl4jBackend.PREDICTIONS_FILE))));
    }

    @Test
    void aBundleWithRetrainedMembersRoundTrips() throws Exception {
        Manifest m = result.manifest();
        List<Manifest.Member> retrained = m.members().stream().filter(x -> Boolean.TRUE.equals(x.retrained()))
                .toList();
        assertTrue(!retrained.isEmpty(), "the selection kept some retrained member: " + m.members());
        for (Manifest.Member r : retrained) {
            assertEquals("members/trial-" + r.trial() + "-seed-" + r.seed() + ".zip", r.file());
            assertNull(r.group(), "caruana members have no group");
        }
        assertEquals(1.0, m.members().stream().mapToDouble(Manifest.Member::weight).sum(), 1e-12);

        // the members' test predictions as saved (retrained) or as the trial's model gives them
        Dataset data = Datasets.load(spec.data());
        List<double[][]> own = new ArrayList<>();
        for (Manifest.Member member : m.members()) {
            if (Boolean.TRUE.equals(member.retrained())) {
                Path dir = studyDir.resolve(EnsembleBuilder.MEMBERS_WORK_DIR)
                        .resolve("trial-" + member.trial() + "-seed-" + member.seed());
                own.add(ValidationPredictions.read(dir.resolve(EnsembleBuilder.TEST_PREDICTIONS_FILE), data,
                        data.test(), "test", member.trial()));
            } else {
                MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                        studyDir.resolve("trials/" + member.trial() + "/model.zip").toFile(), false);
                own.add(Ensemble.probabilities(net, data.test().features(), data.test().size(), data.featureCount()));
                net.close();
            }
        }
        double[][] expected = Combination.softVote(own,
                m.members().stream().mapToDouble(Manifest.Member::weight).toArray());
        double[][] raw = IrisStudy.rawRows(DIGITS, data.test().rows(), "label");
        try (Ensemble e = Ensemble.load(result.bundle())) {
            double[][] proba = e.predictProba(raw);
            for (int i = 0; i < raw.length; i++) {
                assertArrayEquals(expected[i], proba[i], "row " + i);
            }
            assertEquals(m.metric().test(), Metric.accuracyOfLabels(e.predictClasses(raw), data.test().labels()));
            assertEquals(retrained.size(), e.manifest().members().stream()
                    .filter(x -> Boolean.TRUE.equals(x.retrained())).count());
            assertEquals(m.selection().candidateSeeds(), e.manifest().selection().candidateSeeds());
        }
    }

    @Test
    void aSecondBuildReusesTheMembersAndChoosesTheSame() throws Exception {
        List<String> again = new ArrayList<>();
        Manifest first = result.manifest();
        EnsembleResult second = EnsembleBuilder.build(spec, ranked, studyDir, options(), recorder(again));
        assertTrue(again.stream().filter(s -> !s.startsWith("note")).allMatch(s -> s.startsWith("reused ")),
                again.toString());
        assertEquals(first.selection().candidateSeeds(), second.manifest().selection().candidateSeeds());
        assertEquals(first.members().stream().map(Manifest.Member::weight).toList(),
                second.manifest().members().stream().map(Manifest.Member::weight).toList());
        assertEquals(first.metric(), second.manifest().metric());
    }

    @Test
    void theValidationCrossCheckSeesTheSameLibraryAndTrainsNothing() throws Exception {
        ValidationCrossCheck.Library lib = ValidationCrossCheck.library(spec, ranked, studyDir, TOP, SEEDS_PER_CONFIG,
                RESEED_TOP);
        assertEquals(result.manifest().selection().candidates(), lib.trials());
        assertEquals(TOP, ValidationCrossCheck.library(spec, ranked, studyDir, TOP).trials().size());
        dev.liandan.core.UserError e = org.junit.jupiter.api.Assertions.assertThrows(dev.liandan.core.UserError.class,
                () -> ValidationCrossCheck.library(spec, ranked, studyDir, TOP, SEEDS_PER_CONFIG + 1, RESEED_TOP));
        assertTrue(e.getMessage().contains("has no member 4 retrained yet"), e.getMessage());
    }
}
