package dev.liandan.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Model files read back as the kind of network they hold, with their normaliser applied to raw rows. */
class SavedNetworkTest {
    @TempDir
    Path dir;

    @Test
    void aGraphWithItsNormaliserAndAMultiLayerNetworkWithoutOneComeBackAsTheyWere() throws IOException {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(4, 4, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out").build());
        graph.init();
        INDArray raw = Nd4j.rand(DataType.FLOAT, 5, 1, 4, 4).muli(16);
        NormalizerStandardize normaliser = new NormalizerStandardize();
        normaliser.fit(new DataSet(raw, Nd4j.zeros(DataType.FLOAT, 5, 3)));
        INDArray scaled = raw.dup();
        normaliser.transform(scaled);
        float[] expected = graph.outputSingle(false, scaled).data().asFloat();

        Path file = dir.resolve("graph.zip");
        new SavedNetwork(graph, normaliser).write(file);
        try (SavedNetwork back = SavedNetwork.read(file)) {
            assertInstanceOf(ComputationGraph.class, back.net());
            assertInstanceOf(NormalizerStandardize.class, back.normalizer());
            float[] got = back.probabilities(raw.data().asFloat(), 5, 16, new long[]{1, 4, 4});
            assertArrayEquals(expected, got, 1e-6f, "raw rows, reshaped and normalised as the network was fed");
        }

        MultiLayerNetwork mlp = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build()).build());
        mlp.init();
        float[] x = Nd4j.rand(DataType.FLOAT, 3, 6).data().asFloat();
        float[] before = Inference.probabilities(mlp, x, 3, 6);
        Path mlpFile = dir.resolve("mlp.zip");
        new SavedNetwork(mlp, null).write(mlpFile);
        try (SavedNetwork back = SavedNetwork.read(mlpFile)) {
            assertInstanceOf(MultiLayerNetwork.class, back.net());
            assertNull(back.normalizer());
            assertArrayEquals(before, back.probabilities(x, 3, 6, null), 1e-7f);
        }
        graph.close();
        mlp.close();
    }

    @Test
    void aZipWithoutAModelIsRefused() throws IOException {
        Path notAModel = dir.resolve("other.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(notAModel))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("hello".getBytes());
            zip.closeEntry();
        }
        assertThrows(IOException.class, () -> SavedNetwork.read(notAModel));
    }
}
