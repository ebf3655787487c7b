package dev.liandan.train;

import dev.liandan.space.UserError;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

/** Builds the network a trial's settings describe. */
public final class Models {
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
        switch (cfg.modelType()) {
            case "mlp":
                return mlp(cfg, data.featureCount(), data.classCount(), seed, lr);
            default:
                throw new UserError("model type '" + cfg.modelType() + "' is not supported by the dl4j backend");
        }
    }

    /** {@link #mlp(TrialConfig, int, int, long, int)} with a given rate schedule. */
    static MultiLayerNetwork mlp(TrialConfig cfg, int inputs, int classes, long seed, ISchedule lr) {
        if (!"mlp".equals(cfg.modelType())) {
            throw new UserError("model type '" + cfg.modelType() + "' is not supported by the dl4j backend (mlp)");
        }
        Activation activation = activation(cfg.activation());
        WeightInit hiddenInit = weightInit(cfg.weightInit(), cfg.activation());

        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater(cfg, lr));
        if (cfg.weightDecay() > 0) {
            base.weightDecay(cfg.weightDecay(), true);
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        double retain = 1.0 - cfg.dropout();
        int in = inputs;
        for (int i = 0; i < cfg.hiddenLayers(); i++) {
            DenseLayer.Builder layer = new DenseLayer.Builder().nIn(in).nOut(cfg.units())
                    .activation(activation).weightInit(hiddenInit);
            if (i > 0 && cfg.dropout() > 0) {
                layer.dropOut(retain);
            }
            list.layer(layer.build());
            in = cfg.units();
        }
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (cfg.hiddenLayers() > 0 && cfg.dropout() > 0) {
            out.dropOut(retain);
        }
        list.layer(out.build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static IUpdater updater(TrialConfig cfg, ISchedule lr) {
        switch (cfg.optimizer()) {
            case "adam":
                return new Adam(lr);
            case "sgd":
                return new Sgd(lr);
            case "nesterov":
                return new Nesterovs(lr, cfg.momentum());
            default:
                throw new UserError("optimizer '" + cfg.optimizer() + "' is not supported (adam, sgd, nesterov)");
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
