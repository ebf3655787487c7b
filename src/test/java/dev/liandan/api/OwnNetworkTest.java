package dev.liandan.api;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.study.StudyLayout;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's own residual ComputationGraph tuned through the API, its best model kept as the trial's artifact. */
class OwnNetworkTest {
    @TempDir
    Path dir;

    /** The shipped digits (8x8 images, pixels 0..16) as DataSets of 50 rows: rows [from, to). */
    static List<org.nd4j.linalg.dataset.DataSet> digits(int from, int to) throws IOException {
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Path.of("data/digits.csv.gz"))), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            for (int i = 0; (line = r.readLine()) != null && i < to; i++) {
                if (i < from) {
                    continue;
                }
                String[] cells = line.split(",");
                float[] row = new float[64];
                for (int j = 0; j < 64; j++) {
                    row[j] = Float.parseFloat(cells[j]) / 16f;
                }
                x.add(row);
                y.add(Integer.parseInt(cells[64]));
            }
        }
        INDArray features = Nd4j.create(x.toArray(new float[0][]));
        INDArray labels = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, y.size(), 10);
        for (int i = 0; i < y.size(); i++) {
            labels.putScalar(i, y.get(i), 1f);
        }
        return new DataSet(features, labels).batchBy(50);
    }

    static ComputationGraph residualCnn(double lr, int channels, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(lr))
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutionalFlat(8, 8, 1))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.RELU).build(), "in")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.IDENTITY).build(), "c1")
                .addVertex("res", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c1", "c2")
                .addLayer("dense", new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build(), "res")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void anOwnComputationGraphIsTrainedReportedAndKeptWithItsValidationPredictions() throws Exception {
        List<DataSet> train = digits(0, 600);
        List<DataSet> validation = digits(1400, 1600);
        Path db = dir.resolve("results/own-cnn/study.db");
        try (Study study = Study.create("own-cnn").storage(db.toString()).direction(Direction.MAXIMIZE)
                .metric("val_accuracy").sampler("random").seed(2).open()) {
            study.optimize(trial -> {
                ComputationGraph net = residualCnn(trial.suggestFloat("lr", 1e-3, 3e-2, true),
                        trial.suggestInt("channels", 4, 8), trial.seed());
                try {
                    return OwnNetwork.train(trial, net, new ListDataSetIterator<>(train), new ListDataSetIterator<>(validation),
                            OwnNetwork.epochs(3).patience(2));
                } finally {
                    net.close();
                }
            }, 2);
            List<FrozenTrial> trials = study.trials();
            assertTrue(trials.stream().allMatch(t -> t.state() == TrialState.COMPLETE), trials.toString());
            FrozenTrial best = study.bestTrial().orElseThrow();
            assertTrue(best.value() > 0.5, "it learns: " + best);
            assertEquals(3, best.intermediates().size());
            assertEquals(best.intermediates().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), best.value(), 1e-12);

            StudyLayout layout = new StudyLayout(db.getParent());
            ComputationGraph kept = ModelSerializer.restoreComputationGraph(layout.model(best.number()).toFile(), false);
            List<String> lines = Files.readAllLines(layout.validationPredictions(best.number()));
            assertEquals("row,label,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", lines.get(0));
            assertEquals(201, lines.size());
            INDArray probs = kept.outputSingle(false, validation.get(0).getFeatures());
            int right = 0;
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                right += argMax(cells) == Integer.parseInt(cells[1]) ? 1 : 0;
                if (i <= 50) {
                    assertEquals(probs.getFloat(i - 1, 3), Float.parseFloat(cells[5]), 1e-6f, "the kept model's predictions");
                }
            }
            assertEquals(best.value(), right / 200.0, 1e-9, "the kept model is the best epoch's");
            kept.close();
        }
    }

    private static int argMax(String[] cells) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (Float.parseFloat(cells[2 + c]) > Float.parseFloat(cells[2 + best])) {
                best = c;
            }
        }
        return best;
    }
}
