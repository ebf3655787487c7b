package dev.liandan.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real ensembles of a real tiny iris study: written, loaded back, predicting exactly as the trials' own models. */
class BundleRoundTripTest {
    @TempDir
    static Path tmp;
    static StudySpec spec;
    static List<Trial> trials;
    static Path studyDir;

    @BeforeAll
    static void sweep() throws Exception {
        spec = IrisStudy.spec(tmp, 15);
        studyDir = tmp.resolve("iris-tiny");
        try (StudyStorage storage = IrisStudy.sweep(spec, studyDir, 4)) {
            trials = storage.trials(spec.name());
        }
    }

    private static EnsembleResult build(Method method, int top, boolean fitted, boolean zip) throws Exception {
        return EnsembleBuilder.build(spec, trials, studyDir, new EnsembleOptions(method, top, 6, 1, fitted, zip).keeping(true),
                new EnsembleListener() {
                });
    }

    @Test
    void caruanaBundleRoundTripsExactly() throws Exception {
        EnsembleResult result = build(Method.CARUANA, 4, false, true);
        Manifest m = result.manifest();
        assertEquals(Manifest.FORMAT, m.format());
        assertEquals("caruana", m.method());
        assertEquals(List.of("0", "1", "2"), m.labels());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), m.input().features());
        assertEquals("standard", m.input().normalization());
        assertEquals("accuracy", m.metric().name());
        assertEquals(1.0, m.members().stream().mapToDouble(Manifest.Member::weight).sum(), 1e-12);
        assertEquals(4, m.selection().candidates().size());

        // the bundle holds the manifest and the members' model files, nothing else
        Set<String> files;
        try (Stream<Path> walk = Files.walk(result.bundle())) {
            files = walk.filter(Files::isRegularFile).map(p -> result.bundle().relativize(p).toString())
                    .collect(Collectors.toSet());
        }
        Set<String> expected = m.members().stream().map(Manifest.Member::file).collect(Collectors.toSet());
        expected.add("manifest.json");
        assertEquals(expected, files);

        Dataset data = Datasets.load(spec.data());
        double[][] raw = IrisStudy.rawRows(IrisStudy.IRIS, data.test().rows(), "label");

        // what the trials' own model files predict on the test split, combined by the manifest's weights
        List<double[][]> own = new ArrayList<>();
        for (Manifest.Member member : m.members()) {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                    studyDir.resolve("trials/" + member.trial() + "/model.zip").toFile(), false);
            own.add(Ensemble.probabilities(net, data.test().features(), data.test().size(), data.featureCount()));
            net.close();
        }
        double[] w = m.members().stream().mapToDouble(Manifest.Member::weight).toArray();
        double[][] expectedProba = Combination.softVote(own, w);

        try (Ensemble dir = Ensemble.load(result.bundle()); Ensemble zip = Ensemble.load(result.zip())) {
            double[][] fromDir = dir.predictProba(raw);
            double[][] fromZip = zip.predictProba(raw);
            for (int i = 0; i < raw.length; i++) {
                assertArrayEquals(expectedProba[i], fromDir[i], "row " + i + ": bundle = the trials' models");
                assertArrayEquals(fromDir[i], fromZip[i], "row " + i + ": zip = folder");
            }
            int[] classes = dir.predictClasses(raw);
            assertEquals(m.metric().test(), Metric.accuracyOfLabels(classes, data.test().labels()),
                    "the manifest's test score is the bundle's accuracy on the raw test rows");
            String[] labels = dir.predict(raw);
            assertEquals(m.labels().get(classes[0]), labels[0]);
        }
    }

    @Test
    void everyMethodWritesALoadableBundleScoredOnTest() throws Exception {
        Dataset data = Datasets.load(spec.data());
        double[][] raw = IrisStudy.rawRows(IrisStudy.IRIS, data.test().rows(), "label");
        for (Method method : List.of(Method.SOFT_VOTE, Method.HARD_VOTE)) {
            EnsembleResult r = build(method, 3, false, false);
            assertEquals(3, r.manifest().members().size());
            assertNotNull(r.manifest().bestSingle().test());
            try (Ensemble e = Ensemble.load(r.bundle())) {
                assertEquals(r.manifest().metric().test(),
                        Metric.accuracyOfLabels(e.predictClasses(raw), data.test().labels()), method.id());
            }
        }
        EnsembleResult fitted = build(Method.SOFT_VOTE, 4, true, false);
        assertEquals("fitted", fitted.manifest().selection().weights());
        assertEquals(1.0, fitted.manifest().members().stream().mapToDouble(Manifest.Member::weight).sum(), 1e-9);

        // hierarchical: two configurations, each the trial plus one retrained seed
        List<String> events = new ArrayList<>();
        EnsembleResult h = EnsembleBuilder.build(spec, trials, studyDir, new EnsembleOptions(Method.HIERARCHICAL, 2, 6, 2,
                false, false).keeping(true), new EnsembleListener() {
            @Override
            public void retrainStarted(int trial, int index, int of, long seed) {
                events.add("start " + trial + " " + index + "/" + of);
            }

            @Override
            public void retrainFinished(int trial, int index, int of, long seed, Double value, boolean reused) {
                events.add("done " + trial + " " + index + "/" + of + (reused ? " reused" : ""));
            }
        });
        List<Manifest.Member> members = h.manifest().members();
        assertEquals(4, members.size(), members.toString());
        assertEquals(2, members.stream().filter(x -> Boolean.TRUE.equals(x.retrained())).count());
        assertEquals(2, members.stream().map(Manifest.Member::group).distinct().count());
        assertEquals(4, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("start ") && events.get(1).startsWith("done "), events.toString());
        try (Ensemble e = Ensemble.load(h.bundle())) {
            assertEquals(h.manifest().metric().test(),
                    Metric.accuracyOfLabels(e.predictClasses(raw), data.test().labels()));
        }
        // a second build reuses the retrained members instead of training them again
        events.clear();
        EnsembleBuilder.build(spec, trials, studyDir, new EnsembleOptions(Method.HIERARCHICAL, 2, 6, 2, false, false),
                new EnsembleListener() {
                    @Override
                    public void retrainFinished(int trial, int index, int of, long seed, Double value, boolean reused) {
                        events.add(reused ? "reused" : "trained");
                    }
                });
        assertEquals(List.of("reused", "reused"), events);
    }

    @Test
    void manifestIsPlainJsonWithTheSchema() throws Exception {
        EnsembleResult r = build(Method.CARUANA, 2, false, false);
        JsonNode json = Ensemble.JSON.readTree(r.bundle().resolve("manifest.json").toFile());
        assertEquals("liandan-ensemble/1", json.get("format").asText());
        assertTrue(json.has("liandan_version"));
        assertEquals(4, json.get("input").get("mean").size());
        assertEquals("label", json.get("input").get("label_column").asText());
        JsonNode member = json.get("members").get(0);
        for (String field : List.of("file", "trial", "seed", "weight", "params", "validation", "test")) {
            assertTrue(member.has(field), field + " in " + member);
        }
        assertTrue(json.get("metric").has("validation") && json.get("metric").has("test"));
        assertTrue(json.get("best_single").has("test"));
    }

    @Test
    void refusesWhatIsNotABundle() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("not-a-bundle"));
        UserError e = assertThrows(UserError.class, () -> Ensemble.load(empty));
        assertTrue(e.getMessage().contains("no manifest.json"), e.getMessage());
        Path newer = Files.createDirectories(tmp.resolve("newer"));
        Files.writeString(newer.resolve("manifest.json"), "{\"format\": \"liandan-ensemble/9\"}");
        e = assertThrows(UserError.class, () -> Ensemble.load(newer));
        assertTrue(e.getMessage().contains("liandan-ensemble/9"), e.getMessage());
        assertThrows(UserError.class, () -> Ensemble.load(tmp.resolve("nothing-here")));
    }
}
