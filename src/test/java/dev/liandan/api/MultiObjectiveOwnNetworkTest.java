package dev.liandan.api;

import dev.liandan.core.TrialState;
import dev.liandan.ensemble.Ensemble;
import dev.liandan.ensemble.EnsembleOptions;
import dev.liandan.ensemble.EnsembleResult;
import dev.liandan.ensemble.Method;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A define-by-run study of two objectives that trains real networks: the user's own MLP on the
 * shipped digits, accuracy against parameter count, then an ensemble of its Pareto front and a
 * one-member bundle of one chosen trial, both loaded and asked from Java.
 */
class MultiObjectiveOwnNetworkTest {
    @TempDir
    Path tmp;

    /** Digits rows [from, to) as one DataSet per image, features [1, 1, 8, 8] of raw pixels (0..16). */
    private static List<DataSet> images(int from, int to, List<float[]> raw) throws Exception {
        List<DataSet> out = new ArrayList<>();
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
                    raw.add(row);
                    var label = Nd4j.zeros(DataType.FLOAT, 1, 10);
                    label.putScalar(0, Integer.parseInt(cells[64]), 1f);
                    out.add(new DataSet(Nd4j.create(row, new long[]{1, 1, 8, 8}, 'c'), label));
                }
            }
        }
        return out;
    }

    private static MultiLayerNetwork mlp(int units, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(units).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void theFrontOfOwnNetworksAndAChosenTrialBecomeBundles() throws Exception {
        List<DataSet> train = images(0, 500, new ArrayList<>());
        List<DataSet> validation = images(1400, 1560, new ArrayList<>());
        List<float[]> unseen = new ArrayList<>();
        images(1600, 1610, unseen);
        NormalizerMinMaxScaler scaler = new NormalizerMinMaxScaler();
        scaler.fit(DataSet.merge(train));
        Path results = tmp.resolve("results");
        try (Study study = Study.create("sized-digits").storage(results.resolve("sized-digits/study.db").toString())
                .maximize("val_accuracy").minimize("params").sampler("random").seed(5).open()) {
            study.optimizeMulti(trial -> {
                int units = trial.suggestInt("units", 2, 64, true);
                MultiLayerNetwork net = mlp(units, trial.seed());
                var trainIt = new ListDataSetIterator<>(train, 50);
                var valIt = new ListDataSetIterator<>(validation, 40);
                trainIt.setPreProcessor(scaler);
                valIt.setPreProcessor(scaler);
                try {
                    double accuracy = OwnNetwork.train(trial, net, trainIt, valIt, OwnNetwork.epochs(2));
                    return new double[]{accuracy, net.numParams()};
                } finally {
                    net.close();
                }
            }, 4);
            assertTrue(study.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE), study.trials().toString());
            List<Integer> front = study.bestTrials().stream().map(FrozenTrial::number).toList();
            assertFalse(front.isEmpty());

            EnsembleOptions softVote = new EnsembleOptions(Method.SOFT_VOTE, 10, 1, 1, false, false).keeping(true);
            EnsembleResult pareto = study.buildEnsemble(softVote.withPareto());
            assertEquals(front, pareto.manifest().members().stream().map(m -> m.trial()).toList(),
                    "the bundle holds exactly the front's trials");
            assertEquals("pareto", pareto.manifest().selection().candidatesFrom());
            try (Ensemble e = Ensemble.load(pareto.bundle())) {
                assertEquals(unseen.size(), e.predict(unseen.toArray(float[][]::new)).length);
            }

            int chosen = front.get(front.size() - 1); // the front's smallest network: the last by accuracy
            EnsembleResult one = study.buildEnsemble(EnsembleOptions.defaults().withTrials(List.of(chosen)));
            assertEquals(List.of(chosen), one.manifest().members().stream().map(m -> m.trial()).toList());
            try (Ensemble e = Ensemble.load(one.bundle())) {
                String[] labels = e.predict(unseen.toArray(float[][]::new));
                assertEquals(unseen.size(), labels.length);
            }
        }
    }
}
