package example;

import dev.liandan.api.OwnNetwork;
import dev.liandan.api.Study;
import dev.liandan.core.Direction;
import dev.liandan.ensemble.Ensemble;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.SplitTestAndTrain;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Your own network tuned from Java: a small residual CNN (a ComputationGraph) on MNIST 10k,
 * its learning rate, width and dense layer searched by TPE, each trial trained by liandan
 * (epoch by epoch, pruned by the median rule, the best epoch kept in results/mnist-resnet/trials/),
 * then the best trials combined into an ensemble bundle (results/mnist-resnet/ensemble/) that predicts
 * images, as `liandan predict` does.
 *
 * <p>Arguments (all optional): trials, epochs, rows of MNIST to use, data folder, results folder.
 */
public final class OwnResNet {
    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path data = args.length > 3 ? Path.of(args[3]) : Files.isDirectory(Path.of("data")) ? Path.of("data") : Path.of("../../data");
        Path results = args.length > 4 ? Path.of(args[4]) : Path.of("results");

        DataSet all = Mnist.read(data.resolve("mnist10k-images-idx3-ubyte.gz"), data.resolve("mnist10k-labels-idx1-ubyte.gz"), rows);
        SplitTestAndTrain split = all.splitTestAndTrain(0.8); // the files are shuffled already
        List<DataSet> train = split.getTrain().batchBy(64);
        List<DataSet> validation = split.getTest().batchBy(256);

        try (Study study = Study.create("mnist-resnet").storage(results.resolve("mnist-resnet/study.db").toString())
                .direction(Direction.MAXIMIZE).metric("val_accuracy").sampler("tpe").pruner("median").seed(7).open()) {
            study.optimize(trial -> {
                ComputationGraph net = residualCnn(trial.suggestFloat("lr", 1e-4, 1e-2, true),
                        trial.suggestCategorical("channels", List.of(8, 16)), trial.suggestInt("dense", 32, 128, true),
                        trial.seed());
                try {
                    return OwnNetwork.train(trial, net, new ListDataSetIterator<>(train), new ListDataSetIterator<>(validation),
                            OwnNetwork.epochs(epochs).patience(2));
                } finally {
                    net.close();
                }
            }, trials);
            System.out.println("own network: best " + study.bestTrial().orElseThrow().value() + " val_accuracy with "
                    + study.bestTrial().orElseThrow().params() + "; model in "
                    + study.studyDir().orElseThrow().resolve("trials/" + study.bestTrial().orElseThrow().number()));

            // the best trials combined (Caruana's selection on their validation predictions), then asked about images:
            // rows as the iterators gave them (here pixels already scaled to [0, 1]), 784 values each
            Path bundle = study.buildEnsemble().bundle();
            try (Ensemble ensemble = Ensemble.load(bundle)) {
                float[][] images = split.getTest().getFeatures().toFloatMatrix();
                String[] labels = ensemble.predict(Arrays.copyOf(images, 5));
                System.out.println("ensemble in " + bundle + ": the first validation images are " + String.join(" ", labels));
            }
        }
    }

    /** stem conv (stride 2) → [conv → conv] + stem → relu → max pool → dense → softmax. */
    static ComputationGraph residualCnn(double lr, int channels, int dense, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(lr))
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("image").setInputTypes(InputType.convolutionalFlat(28, 28, 1))
                .addLayer("stem", new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(channels).activation(Activation.RELU).build(), "image")
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.RELU).build(), "stem")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.IDENTITY).build(), "conv1")
                .addVertex("residual", new ElementWiseVertex(ElementWiseVertex.Op.Add), "stem", "conv2")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "residual")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "relu")
                .addLayer("dense", new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }
}
