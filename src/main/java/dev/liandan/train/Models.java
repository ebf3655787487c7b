package dev.liandan.train;

import dev.liandan.space.DataSpec;
import dev.liandan.train.config.LossConfig;
import dev.liandan.core.UserError;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

import java.nio.file.Path;

/** Builds the network a trial's settings describe. */
public final class Models {
    static {
        // convolution, batch normalisation and pooling through oneDNN (LayerHelpers says why)
        LayerHelpers.allow();
    }

    private Models() {
    }

    /**
     * A multilayer perceptron: {@code hidden_layers} dense layers of {@code units} with
     * {@code activation}, then a softmax layer trained with cross-entropy (MCXENT), in float.
     *
     * <ul>
     *   <li>Initialisation {@code auto}: He/Kaiming (He et al. 2015, "Delving Deep into
     *       Rectifiers") for ReLU-like units, whose half-zero outputs halve the variance that
     *       Xavier/Glorot (Glorot & Bengio 2010) assumes; Xavier for tanh and sigmoid. The softmax
     *       layer always uses Xavier: it is not rectified.</li>
     *   <li>Dropout (Srivastava et al. 2014) drops hidden units: it is applied to the input of every
     *       layer after the first hidden one, never to the raw features. DL4J's {@code dropOut(x)}
     *       takes the probability of <em>keeping</em> a unit, hence {@code 1 - dropout}.</li>
     *   <li>Weight decay is decoupled (Loshchilov & Hutter 2019, "Decoupled Weight Decay
     *       Regularization", AdamW): DL4J's {@code WeightDecay} with {@code applyLR = true}
     *       subtracts {@code lr * coeff * w} outside the adaptive update, on weights, not biases.</li>
     * </ul>
     *
     * @param iterationsPerEpoch minibatches per epoch, for per-iteration schedules
     */
    public static MultiLayerNetwork mlp(TrialConfig cfg, int inputs, int classes, long seed, int iterationsPerEpoch) {
        return mlp(cfg, inputs, classes, seed, Schedules.learningRate(cfg, iterationsPerEpoch));
    }

    /** The network of {@code cfg}'s model type for {@code data}, trained with the rate schedule {@code lr}. */
    public static MultiLayerNetwork build(TrialConfig cfg, Dataset data, long seed, ISchedule lr) {
        return build(cfg, data, seed, lr, Path.of(""));
    }

    /**
     * As {@link #build(TrialConfig, Dataset, long, ISchedule)}; a relative {@code model.pretrained}
     * path starts at {@code baseDir} (the space file's folder).
     */
    public static MultiLayerNetwork build(TrialConfig cfg, Dataset data, long seed, ISchedule lr, Path baseDir) {
        if (!cfg.transfer().pretrained().isEmpty()) {
            return Transfer.build(cfg, baseDir.resolve(cfg.transfer().pretrained()), data, lr);
        }
        switch (cfg.model().type()) {
            case "mlp":
                return mlp(cfg, data.featureCount(), data.classCount(), seed, lr);
            case "cnn":
                return cnn(cfg, imageShape(cfg, data), data.classCount(), seed, lr);
            case "rnn":
                return rnn(cfg, data.featureCount(), data.classCount(), seed, lr);
            default:
                throw new UserError("model type '" + cfg.model().type() + "' is not supported by the dl4j backend");
        }
    }

    /** {@link #mlp(TrialConfig, int, int, long, int)} with a given rate schedule. */
    static MultiLayerNetwork mlp(TrialConfig cfg, int inputs, int classes, long seed, ISchedule lr) {
        if (!"mlp".equals(cfg.model().type())) {
            throw new UserError("model type '" + cfg.model().type() + "' is not an mlp");
        }
        NeuralNetConfiguration.ListBuilder list = base(cfg, seed, lr).list();
        int in = dense(list, cfg, inputs, cfg.model().dropout(), false);
        list.layer(output(cfg, in, classes, cfg.model().hiddenLayers() > 0 ? cfg.model().dropout() : 0));
        return init(list.build(), cfg, lr);
    }

    /**
     * A convolutional network for images given as flat rows of {@code channels * height * width}
     * features (channel-major, then row-major: the layout of IDX and of the digits CSV):
     * {@code conv_layers} blocks of convolution ({@code kernel_size}, "same" padding, no bias) →
     * batch normalisation (Ioffe & Szegedy 2015) → activation → 2×2 max pooling (while the image
     * is at least 2 pixels on a side), the filters doubling per block, then {@code hidden_layers}
     * dense layers of {@code units} and the softmax.
     *
     * <p>Dropout where it helps (Srivastava et al. 2014; in convolutional layers, whose units are
     * spatially correlated, it regularises little and slows training): {@code conv_dropout} on
     * the input of every conv block after the first, {@code dense_dropout} on the input of every
     * dense layer and of the softmax.
     */
    static MultiLayerNetwork cnn(TrialConfig cfg, int inputs, int classes, long seed, ISchedule lr) {
        return cnn(cfg, imageShape(cfg, inputs), classes, seed, lr);
    }

    /** {@link #cnn(TrialConfig, int, int, long, ISchedule)} for images of {@code {height, width, channels}}. */
    static MultiLayerNetwork cnn(TrialConfig cfg, int[] shape, int classes, long seed, ISchedule lr) {
        int h = shape[0];
        int w = shape[1];
        int c = shape[2];
        Activation activation = activation(cfg.model().activation());
        WeightInit init = weightInit(cfg.model().weightInit(), cfg.model().activation());
        NeuralNetConfiguration.ListBuilder list = base(cfg, seed, lr).list();
        int filters = cfg.cnn().filters();
        int last = filters;
        for (int b = 0; b < cfg.cnn().convLayers(); b++) {
            ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(cfg.cnn().kernelSize(), cfg.cnn().kernelSize())
                    .nOut(filters).stride(1, 1).convolutionMode(ConvolutionMode.Same).hasBias(false)
                    // cuDNN's counterpart of cudnn.benchmark under the cuda profile; no effect on the CPU
                    .cudnnAlgoMode(ConvolutionLayer.AlgoMode.PREFER_FASTEST)
                    .activation(Activation.IDENTITY).weightInit(init);
            if (b > 0 && cfg.cnn().convDropout() > 0) {
                conv.dropOut(1 - cfg.cnn().convDropout());
            }
            list.layer(conv.build());
            list.layer(new BatchNormalization.Builder().build());
            list.layer(new ActivationLayer.Builder().activation(activation).build());
            if (h >= 2 && w >= 2) {
                list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build());
                h /= 2;
                w /= 2;
            }
            last = filters;
            filters = (int) Math.min(4096, filters * 2L);
        }
        int flat = h * w * last;
        int in = dense(list, cfg, flat, cfg.cnn().denseDropout(), true);
        list.layer(output(cfg, in, classes, cfg.cnn().denseDropout()));
        list.setInputType(InputType.convolutionalFlat(shape[0], shape[1], c));
        return init(list.build(), cfg, lr);
    }

    /** {@code [height, width, channels]} of a cnn's images, checked against the feature count. */
    /**
     * The image shape {@code {height, width, channels}}: an image folder's own shape unless the
     * model names a height, otherwise as {@link #imageShape(TrialConfig, int)}.
     */
    static int[] imageShape(TrialConfig cfg, Dataset data) {
        DataSpec.Image img = data.image();
        if (img != null && cfg.cnn().imageHeight() == 0) {
            return new int[]{img.height(), img.width(), img.channels()};
        }
        return imageShape(cfg, data.featureCount());
    }

    static int[] imageShape(TrialConfig cfg, int inputs) {
        int c = cfg.cnn().channels();
        int h = cfg.cnn().imageHeight();
        int w = cfg.cnn().imageWidth();
        if (h == 0) {
            if (inputs % c != 0) {
                throw new UserError("cnn: " + inputs + " features are not " + c + " channels of equal size");
            }
            int side = (int) Math.round(Math.sqrt(inputs / (double) c));
            if (side * side * c != inputs) {
                throw new UserError("cnn: " + inputs + " features are no square image of " + c
                        + " channel(s): set model.image_height and model.image_width");
            }
            h = side;
        }
        if (w == 0) {
            w = h;
        }
        if ((long) h * w * c != inputs) {
            throw new UserError("cnn: image " + h + "x" + w + "x" + c + " = " + ((long) h * w * c)
                    + " values, but the data has " + inputs + " features per row");
        }
        return new int[]{h, w, c};
    }

    /**
     * A recurrent network that reads each row as a sequence of {@code sequence_length} steps of
     * {@code features / sequence_length} values (for the 8×8 digits: 8 rows of 8 pixels): a
     * per-step dense projection of {@code embedding_size} (the "embedding" of continuous inputs),
     * {@code rnn_layers} LSTM layers (Hochreiter & Schmidhuber 1997) of {@code hidden_size}, the
     * last step's state, and the softmax.
     *
     * <p>Dropout only on the connections into and out of the recurrence ({@code rnn_input_dropout}
     * on the first LSTM's input, {@code rnn_output_dropout} on the softmax's input), never on the
     * recurrent connections: Zaremba, Sutskever & Vinyals 2014, "Recurrent Neural Network
     * Regularization", section 3.
     */
    static MultiLayerNetwork rnn(TrialConfig cfg, int inputs, int classes, long seed, ISchedule lr) {
        int steps = cfg.rnn().sequenceLength();
        if (steps == 0) {
            steps = (int) Math.round(Math.sqrt(inputs));
            if (steps * steps != inputs) {
                throw new UserError("rnn: " + inputs + " features are not a square number: set model.sequence_length");
            }
        }
        if (inputs % steps != 0) {
            throw new UserError("rnn: " + inputs + " features do not split into sequence_length " + steps + " equal steps");
        }
        int perStep = inputs / steps;
        Activation activation = activation(cfg.model().activation());
        NeuralNetConfiguration.ListBuilder list = base(cfg, seed, lr).list();
        list.layer(new DenseLayer.Builder().nIn(perStep).nOut(cfg.rnn().embeddingSize()).activation(activation)
                .weightInit(weightInit(cfg.model().weightInit(), cfg.model().activation())).build());
        list.inputPreProcessor(0, new StepsPreProcessor(steps, perStep));
        int in = cfg.rnn().embeddingSize();
        for (int l = 0; l < cfg.rnn().rnnLayers(); l++) {
            LSTM.Builder lstm = new LSTM.Builder().nIn(in).nOut(cfg.rnn().hiddenSize()).activation(Activation.TANH)
                    .weightInit(weightInit(cfg.model().weightInit(), "tanh"));
            if (l == 0 && cfg.rnn().rnnInputDropout() > 0) {
                lstm.dropOut(1 - cfg.rnn().rnnInputDropout());
            }
            int index = 1 + l;
            if (l == 0) {
                list.inputPreProcessor(index, new FeedForwardToRnnPreProcessor());
            }
            list.layer(l == cfg.rnn().rnnLayers() - 1 ? new LastTimeStep(lstm.build()) : lstm.build());
            in = cfg.rnn().hiddenSize();
        }
        list.layer(output(cfg, in, classes, cfg.rnn().rnnOutputDropout()));
        return init(list.build(), cfg, lr);
    }

    private static NeuralNetConfiguration.Builder base(TrialConfig cfg, long seed, ISchedule lr) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType(cfg))
                .updater(updater(cfg, lr));
        if (cfg.optimizer().weightDecay() > 0) {
            base.weightDecay(cfg.optimizer().weightDecay(), true);
        }
        return base;
    }

    /**
     * Adds {@code hidden_layers} dense layers of {@code units} and returns the width of the last.
     * With {@code highway: true} a layer whose input and output widths match is a
     * {@link HighwayLayer}. Dropout goes on the input of every layer after the first, or of every
     * layer when {@code dropFirst} (the cnn's dense layers, which follow the conv features).
     */
    private static int dense(NeuralNetConfiguration.ListBuilder list, TrialConfig cfg, int inputs, double dropout,
                             boolean dropFirst) {
        Activation activation = activation(cfg.model().activation());
        WeightInit init = weightInit(cfg.model().weightInit(), cfg.model().activation());
        int in = inputs;
        for (int i = 0; i < cfg.model().hiddenLayers(); i++) {
            boolean drop = dropout > 0 && (i > 0 || dropFirst);
            if (cfg.model().highway() && in == cfg.model().units()) {
                HighwayLayer.Builder layer = new HighwayLayer.Builder().size(in).activation(activation).weightInit(init);
                if (drop) {
                    layer.dropOut(1 - dropout);
                }
                list.layer(layer.build());
            } else {
                DenseLayer.Builder layer = new DenseLayer.Builder().nIn(in).nOut(cfg.model().units())
                        .activation(activation).weightInit(init);
                if (drop) {
                    layer.dropOut(1 - dropout);
                }
                list.layer(layer.build());
            }
            in = cfg.model().units();
        }
        return in;
    }

    /**
     * The softmax layer with the trial's loss, or for a regression loss one linear unit per output;
     * Xavier init (it is not rectified).
     */
    private static OutputLayer output(TrialConfig cfg, int in, int classes, double dropout) {
        boolean regression = LossConfig.REGRESSION_LOSSES.contains(cfg.loss().loss());
        OutputLayer.Builder out = new OutputLayer.Builder(loss(cfg)).nIn(in).nOut(classes)
                .activation(regression ? Activation.IDENTITY : Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (dropout > 0) {
            out.dropOut(1 - dropout);
        }
        return out.build();
    }

    static ILossFunction loss(TrialConfig cfg) {
        switch (cfg.loss().loss()) {
            case "cross_entropy":
                // MCXENT clips the softmax at 1e-10 before the log; in fp16 that is 0 (half's smallest
                // subnormal is 6e-8), so a confident prediction's log gives -inf: clip at half's
                // smallest normal instead
                return "fp16".equals(cfg.training().precision()) ? new LossMCXENT(HALF_SOFTMAX_CLIP, null) : new LossMCXENT();
            case "label_smoothing":
                return new LabelSmoothingLoss(cfg.loss().labelSmoothing());
            case "focal":
                return new FocalLoss(cfg.loss().focalGamma());
            case "mse":
                return new LossMSE();
            case "mae":
                return new LossMAE();
            case "huber":
                return new HuberLoss(cfg.loss().huberDelta());
            default:
                throw new UserError("loss '" + cfg.loss().loss() + "' is not supported");
        }
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf, TrialConfig cfg, ISchedule lr) {
        if (cfg.transfer().featuresLrMultiplier() != 1.0 || cfg.transfer().lrDecayPerLayer() != 1.0) {
            LayerRates.apply(conf, cfg, lr);
        }
        // a training step of this network leaves out the first dense layer's input gradient, which DL4J throws away
        MultiLayerNetwork net = new NetworkWithoutInputGradient(conf);
        net.init();
        ForwardKeepingDense.install(net);
        return net;
    }

    /**
     * FLOAT, or HALF for {@code precision: fp16}: DL4J 1.0.0-M2.1 has no mixed precision (no loss
     * scaling, no fp32 master weights), so fp16 is the whole network in half precision.
     */
    static DataType dataType(TrialConfig cfg) {
        return "fp16".equals(cfg.training().precision()) ? DataType.HALF : DataType.FLOAT;
    }

    /** Adam's epsilon in fp16: 1e-8 is below half precision's smallest normal (6e-5) and gives NaN at once. */
    static final double HALF_ADAM_EPSILON = 1e-4;
    static final double HALF_SOFTMAX_CLIP = 1e-4;

    static IUpdater updater(TrialConfig cfg, ISchedule lr) {
        switch (cfg.optimizer().optimizer()) {
            case "adam":
                if ("fp16".equals(cfg.training().precision())) {
                    return Adam.builder().learningRateSchedule(lr).epsilon(HALF_ADAM_EPSILON).build();
                }
                return new Adam(lr);
            case "sgd":
                return new Sgd(lr);
            case "nesterov":
                return new Nesterovs(lr, cfg.optimizer().momentum());
            default:
                throw new UserError("optimizer '" + cfg.optimizer().optimizer() + "' is not supported (adam, sgd, nesterov)");
        }
    }

    static Activation activation(String name) {
        switch (name) {
            case "relu":
                return Activation.RELU;
            case "leakyrelu":
                return Activation.LEAKYRELU;
            case "elu":
                return Activation.ELU;
            case "gelu":
                return Activation.GELU;
            case "swish":
                return Activation.SWISH;
            case "tanh":
                return Activation.TANH;
            case "sigmoid":
                return Activation.SIGMOID;
            default:
                throw new UserError("activation '" + name + "' is not supported");
        }
    }

    /** DL4J's RELU init is He et al.'s N(0, 2 / fan_in); XAVIER is N(0, 2 / (fan_in + fan_out)). */
    static WeightInit weightInit(String name, String activation) {
        switch (name) {
            case "kaiming":
                return WeightInit.RELU;
            case "xavier":
                return WeightInit.XAVIER;
            case "auto":
                return activation.equals("tanh") || activation.equals("sigmoid") ? WeightInit.XAVIER : WeightInit.RELU;
            default:
                throw new UserError("weight_init '" + name + "' is not supported");
        }
    }
}
