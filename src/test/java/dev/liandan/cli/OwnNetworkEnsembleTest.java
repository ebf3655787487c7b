package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.api.OwnNetwork;
import dev.liandan.api.Study;
import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.ensemble.Ensemble;
import dev.liandan.ensemble.EnsembleResult;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A define-by-run study of the user's own networks on the shipped digits (8x8 images fed as
 * [1, 8, 8], normalised by a DL4J min-max scaler attached to the iterators): a residual
 * ComputationGraph and a MultiLayerNetwork trained by {@code OwnNetwork.train}, then
 * {@code liandan ensemble} through the CLI, {@code liandan predict} on raw rows the trials never
 * saw, and {@code Study.buildEnsemble} with {@code Ensemble.load} from Java.
 */
class OwnNetworkEnsembleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Digits rows [from, to): raw pixels (0..16) and labels. */
    private static List<float[]> rows(int from, int to, List<Integer> labels) throws Exception {
        List<float[]> x = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Path.of("data/digits.csv.gz"))), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            for (int i = 0; (line = r.readLine()) != null && i < to; i++) {
                if (i >= from) {
                    String[] cells = line.split(",");
                    float[] row = new float[64];
                    for (int j = 0; j < 64; j++) {
                        row[j] = Float.parseFloat(cells[j]);
                    }
                    x.add(row);
                    labels.add(Integer.parseInt(cells[64]));
                }
            }
        }
        return x;
    }

    /** One DataSet per image, features [1, 1, 8, 8]: batches of them are merged into new arrays each time. */
    private static List<DataSet> images(int from, int to) throws Exception {
        List<Integer> y = new ArrayList<>();
        List<float[]> x = rows(from, to, y);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            var label = Nd4j.zeros(DataType.FLOAT, 1, 10);
            label.putScalar(0, y.get(i), 1f);
            out.add(new DataSet(Nd4j.create(x.get(i), new long[]{1, 1, 8, 8}, 'c'), label));
        }
        return out;
    }

    private static ComputationGraph residualCnn(double lr, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(lr))
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build(), "c1")
                .addVertex("res", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c1", "c2")
                .addLayer("dense", new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build(), "res")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork mlp(double lr, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(lr)).list()
                .layer(new DenseLayer.Builder().nOut(48).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void ownGraphAndMultiLayerTrialsMakeABundleThatPredictLoads() throws Exception {
        List<DataSet> train = images(0, 600);
        List<DataSet> validation = images(1400, 1600);
        NormalizerMinMaxScaler scaler = new NormalizerMinMaxScaler();
        scaler.fit(DataSet.merge(train));
        Path results = tmp.resolve("results");
        try (Study study = Study.create("own-digits").storage(results.resolve("own-digits/study.db").toString())
                .direction(Direction.MAXIMIZE).metric("val_accuracy").sampler("random").seed(3).open()) {
            study.optimize(trial -> {
                double lr = trial.suggestFloat("lr", 3e-3, 2e-2, true);
                Model net = trial.number() % 2 == 0 ? residualCnn(lr, trial.seed()) : mlp(lr, trial.seed());
                DataSetIterator trainIt = new ListDataSetIterator<>(train, 50);
                DataSetIterator valIt = new ListDataSetIterator<>(validation, 50);
                trainIt.setPreProcessor(scaler);
                valIt.setPreProcessor(scaler);
                try {
                    return OwnNetwork.train(trial, net, trainIt, valIt, OwnNetwork.epochs(2));
                } finally {
                    net.close();
                }
            }, 3);
            assertTrue(study.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE), study.trials().toString());
        }
        JsonNode input = JSON.readTree(results.resolve("own-digits/trials/1/input.json").toFile());
        assertEquals("[1,8,8]", input.get("shape").toString());
        assertEquals(10, input.get("classes").size());

        CliRunner.Result refused = CliRunner.run("ensemble", "--study", "own-digits", "--results", results.toString(),
                "--method", "hierarchical");
        assertEquals(2, refused.exitCode(), refused.out() + refused.err());
        assertTrue(refused.err().contains("define-by-run study") && !refused.err().contains("\tat "), refused.err());

        // soft_vote, kept whatever the cross-fit says: all three trials, graphs and the MultiLayerNetwork
        CliRunner.Result built = CliRunner.run("ensemble", "--study", "own-digits", "--results", results.toString(),
                "--method", "soft_vote", "--keep", "--zip");
        assertEquals(0, built.exitCode(), built.err());
        assertTrue(built.out().contains("no held-out test split"), built.out());
        Path bundle = results.resolve("own-digits/ensemble");
        JsonNode manifest = JSON.readTree(bundle.resolve("manifest.json").toFile());
        assertEquals(3, manifest.get("members").size(), manifest.toString());
        assertEquals("[1,8,8]", manifest.get("input").get("shape").toString());
        assertEquals(64, manifest.get("input").get("features").size());
        assertTrue(manifest.get("metric").get("validation").asDouble() > 0.6, manifest.get("metric").toString());

        CliRunner.Result report = CliRunner.run("report", "--study", "own-digits", "--results", results.toString());
        assertEquals(0, report.exitCode(), report.err());
        String html = Files.readString(results.resolve("own-digits/report.html"));
        assertTrue(html.contains("id=\"ensemble-members\""), "the report shows the ensemble");

        // raw rows the trials never saw, one flat row of 64 pixels each: the members' own scaler applies
        List<Integer> truth = new ArrayList<>();
        List<float[]> unseen = rows(1600, 1700, truth);
        StringBuilder csv = new StringBuilder();
        for (float[] row : unseen) {
            for (int j = 0; j < row.length; j++) {
                csv.append(j == 0 ? "" : ",").append((int) row[j]);
            }
            csv.append('\n');
        }
        Path in = Files.writeString(tmp.resolve("unseen.csv"), csv.toString());
        for (Path b : List.of(bundle, results.resolve("own-digits/ensemble.zip"))) {
            Path out = tmp.resolve("predicted.csv");
            CliRunner.Result predicted = CliRunner.run("predict", "--ensemble", b.toString(), "--input", in.toString(),
                    "--output", out.toString());
            assertEquals(0, predicted.exitCode(), predicted.err());
            List<String> lines = Files.readAllLines(out);
            assertEquals("row,label", lines.get(0));
            assertEquals(unseen.size() + 1, lines.size(), "one prediction per input row");
            int right = 0;
            for (int i = 1; i < lines.size(); i++) {
                right += lines.get(i).equals(i + "," + truth.get(i - 1)) ? 1 : 0;
            }
            assertTrue(right >= 70, right + " of 100 right");
        }

        // the same from Java: caruana by default, loaded and asked directly
        try (Study again = Study.load("own-digits", results.resolve("own-digits/study.db").toString())) {
            EnsembleResult result = again.buildEnsemble();
            assertEquals(null, result.manifest().metric().test());
            try (Ensemble ensemble = Ensemble.load(result.bundle())) {
                float[][] x = unseen.toArray(new float[0][]);
                String[] labels = ensemble.predict(x);
                assertEquals(unseen.size(), labels.length);
                int right = 0;
                for (int i = 0; i < labels.length; i++) {
                    right += labels[i].equals(Integer.toString(truth.get(i))) ? 1 : 0;
                }
                assertTrue(right >= 70, right + " of 100 right");
                double[][] p = ensemble.predictProba(x);
                assertEquals(10, p[0].length);
                assertArrayEquals(new double[]{1.0}, new double[]{java.util.Arrays.stream(p[0]).sum()}, 1e-5);
            }
        }
    }
}
