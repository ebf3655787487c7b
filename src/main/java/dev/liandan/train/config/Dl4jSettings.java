package dev.liandan.train.config;

import dev.liandan.space.Setting;
import dev.liandan.space.SettingCatalogue;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of the dl4j trial backend: every key a space file may put under {@code model:}
 * or {@code training:}. Each may be a literal, a searched parameter or a derived formula; a
 * setting the file leaves out takes its default. Registered in {@code META-INF/services} so that
 * {@code space} finds it through {@link SettingCatalogue#installed()}.
 */
public final class Dl4jSettings implements SettingCatalogue {
    public static final List<String> ACTIVATIONS = List.of("relu", "leakyrelu", "elu", "gelu", "swish", "tanh", "sigmoid");

    /** Losses of one linear output, for {@code data.task: regression}. */
    public static final List<String> REGRESSION_LOSSES = List.of("mse", "mae", "huber");
    private static final List<String> REGRESSION_LOSSES_AND_CLASSIFICATION = List.of("cross_entropy",
            "label_smoothing", "focal", "mse", "mae", "huber");

    public static final List<Setting> ALL = List.of(
            new Setting("model", "type", Setting.Kind.STRING, List.of("mlp", "cnn", "rnn"), "mlp", null, null, false,
                    "model family"),
            new Setting("model", "hidden_layers", Setting.Kind.INT, List.of(), 2L, 0.0, 16.0, false,
                    "number of hidden dense layers"),
            new Setting("model", "units", Setting.Kind.INT, List.of(), 128L, 1.0, 65536.0, false,
                    "width of each hidden layer"),
            new Setting("model", "activation", Setting.Kind.STRING, ACTIVATIONS, "relu", null, null, false,
                    "hidden-layer activation"),
            new Setting("model", "weight_init", Setting.Kind.STRING, List.of("auto", "kaiming", "xavier"), "auto",
                    null, null, false, "auto: kaiming (He) for ReLU-like activations, xavier for tanh/sigmoid"),
            new Setting("model", "dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "probability of dropping a hidden unit"),
            new Setting("model", "highway", Setting.Kind.BOOL, List.of(), false, null, null, false,
                    "highway layers (Srivastava et al. 2015) for dense layers whose input and output sizes match"),
            new Setting("model", "conv_layers", Setting.Kind.INT, List.of(), 2L, 1.0, 8.0, false,
                    "cnn: conv -> batch norm -> activation -> max-pool blocks"),
            new Setting("model", "filters", Setting.Kind.INT, List.of(), 32L, 1.0, 4096.0, false,
                    "cnn: filters of the first block (doubled in each further block)"),
            new Setting("model", "kernel_size", Setting.Kind.INT, List.of(), 3L, 1.0, 15.0, false,
                    "cnn: square kernel size"),
            new Setting("model", "conv_dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "cnn: dropout on the input of every conv block after the first"),
            new Setting("model", "dense_dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "cnn: dropout before and between the dense layers"),
            new Setting("model", "image_height", Setting.Kind.INT, List.of(), 0L, 0.0, 65536.0, false,
                    "cnn: image height in pixels (0: a square image from the feature count)"),
            new Setting("model", "image_width", Setting.Kind.INT, List.of(), 0L, 0.0, 65536.0, false,
                    "cnn: image width in pixels (0: as the height)"),
            new Setting("model", "channels", Setting.Kind.INT, List.of(), 1L, 1.0, 4096.0, false,
                    "cnn: image channels; features are channel-major (all of channel 0, then 1, ...)"),
            new Setting("model", "sequence_length", Setting.Kind.INT, List.of(), 0L, 0.0, 1048576.0, false,
                    "rnn: time steps per row (0: the square root of the feature count)"),
            new Setting("model", "embedding_size", Setting.Kind.INT, List.of(), 128L, 1.0, 65536.0, false,
                    "rnn: width of the per-step input projection"),
            new Setting("model", "hidden_size", Setting.Kind.INT, List.of(), 128L, 1.0, 65536.0, false,
                    "rnn: LSTM units"),
            new Setting("model", "rnn_layers", Setting.Kind.INT, List.of(), 1L, 1.0, 8.0, false,
                    "rnn: stacked LSTM layers"),
            new Setting("model", "rnn_input_dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "rnn: dropout on the input -> LSTM connections"),
            new Setting("model", "rnn_output_dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "rnn: dropout on the LSTM -> output connections"),
            new Setting("model", "pretrained", Setting.Kind.STRING, List.of(), "", null, null, false,
                    "a DL4J model.zip to fine-tune (relative to the space file); empty: train from scratch"),
            new Setting("model", "freeze", Setting.Kind.INT, List.of(), 0L, 0.0, 10000.0, false,
                    "pretrained: layers from the input that stay frozen"),
            new Setting("model", "reinit", Setting.Kind.INT, List.of(), 0L, 0.0, 10000.0, false,
                    "pretrained: layers right below the new head that start from a fresh init"),

            new Setting("training", "epochs", Setting.Kind.INT, List.of(), 20L, 1.0, 100000.0, false,
                    "maximum number of epochs"),
            new Setting("training", "batch_size", Setting.Kind.INT, List.of(), 64L, 1.0, 1048576.0, false,
                    "minibatch size"),
            new Setting("training", "optimizer", Setting.Kind.STRING, List.of("adam", "sgd", "nesterov"), "adam",
                    null, null, false, "adam, plain sgd, or sgd with Nesterov momentum"),
            new Setting("training", "momentum", Setting.Kind.FLOAT, List.of(), 0.9, 0.0, 1.0, true,
                    "momentum of the nesterov optimizer"),
            new Setting("training", "lr", Setting.Kind.FLOAT, List.of(), 1e-3, 0.0, null, false,
                    "learning rate (peak rate of a schedule)"),
            new Setting("training", "weight_decay", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, null, false,
                    "decoupled weight decay coefficient"),
            new Setting("training", "schedule", Setting.Kind.STRING, List.of("constant", "step", "exponential", "cosine", "cyclic", "onecycle"), "constant",
                    null, null, false, "learning-rate schedule over epochs"),
            new Setting("training", "warmup_epochs", Setting.Kind.INT, List.of(), 0L, 0.0, null, false,
                    "linear warm-up epochs before the cosine decay"),
            new Setting("training", "step_epochs", Setting.Kind.INT, List.of(), 10L, 1.0, null, false,
                    "step schedule: epochs between decays"),
            new Setting("training", "step_gamma", Setting.Kind.FLOAT, List.of(), 0.1, 0.0, 1.0, false,
                    "step schedule: factor applied at each decay"),
            new Setting("training", "patience", Setting.Kind.INT, List.of(), 0L, 0.0, null, false,
                    "stop after this many epochs without improvement of the objective (0: never)"),
            new Setting("training", "exp_gamma", Setting.Kind.FLOAT, List.of(), 0.95, 0.0, 1.0, false,
                    "exponential schedule: factor applied after every epoch"),
            new Setting("training", "cycle_epochs", Setting.Kind.INT, List.of(), 4L, 1.0, null, false,
                    "cyclic schedule: epochs of one full cycle (up and down)"),
            new Setting("training", "min_lr_factor", Setting.Kind.FLOAT, List.of(), 0.25, 0.0, 1.0, false,
                    "cyclic schedule: lowest rate as a fraction of lr"),
            new Setting("training", "onecycle_pct_start", Setting.Kind.FLOAT, List.of(), 0.3, 0.0, 1.0, true,
                    "one-cycle schedule: fraction of the iterations spent rising"),
            new Setting("training", "lr_scaling", Setting.Kind.STRING, List.of("none", "linear"), "none",
                    null, null, false, "linear: lr is a base rate, scaled by batch_size / lr_reference_batch"),
            new Setting("training", "lr_reference_batch", Setting.Kind.INT, List.of(), 256L, 1.0, null, false,
                    "linear scaling rule: the batch size at which lr is used as is"),
            new Setting("training", "loss", Setting.Kind.STRING, REGRESSION_LOSSES_AND_CLASSIFICATION,
                    "cross_entropy", null, null, false, "training loss: cross_entropy, label_smoothing or focal of the"
                    + " softmax output (classification); mse, mae or huber of one linear output (regression; the"
                    + " default there is mse)"),
            new Setting("training", "huber_delta", Setting.Kind.FLOAT, List.of(), 1.0, 1.0e-6, null, false,
                    "huber loss: where the quadratic part turns linear, in standard deviations of the target"),
            new Setting("training", "label_smoothing", Setting.Kind.FLOAT, List.of(), 0.1, 0.0, 1.0, true,
                    "label_smoothing loss: share of the target spread evenly over all classes"),
            new Setting("training", "focal_gamma", Setting.Kind.FLOAT, List.of(), 2.0, 0.0, 100.0, false,
                    "focal loss: focusing exponent gamma (0: cross-entropy)"),
            new Setting("training", "features_lr_multiplier", Setting.Kind.FLOAT, List.of(), 1.0, 0.0, null, false,
                    "learning rate of the layers below the output layer, as a multiple of the head's"),
            new Setting("training", "lr_decay_per_layer", Setting.Kind.FLOAT, List.of(), 1.0, 0.0, 1.0, false,
                    "each further layer down from the head gets this factor more"),
            new Setting("training", "precision", Setting.Kind.STRING, List.of("fp32", "fp16"), "fp32", null, null, false,
                    "fp32, or fp16: the whole network in half precision (no mixed precision in DL4J 1.0.0-M2.1)",
                    Map.of("bf16", "bf16 is not supported by DL4J 1.0.0-M2.1 (its configuration"
                            + " builder rejects BFLOAT16): use fp32 or fp16")),
            new Setting("training", "augment_shift", Setting.Kind.INT, List.of(), 0L, 0.0, 64.0, false,
                    "cnn: random translation of training images by up to this many pixels"),
            new Setting("training", "augment_flip", Setting.Kind.BOOL, List.of(), false, null, null, false,
                    "cnn: mirror training images left-right with probability 1/2"),
            new Setting("training", "prefetch", Setting.Kind.INT, List.of(), 0L, 0.0, 64.0, false,
                    "minibatches prepared ahead on a second thread (0: none, the batch is gathered when fit asks)"));

    private static final Set<String> CNN = Set.of("conv_layers", "filters", "kernel_size", "conv_dropout",
            "dense_dropout", "image_height", "image_width", "channels", "augment_shift", "augment_flip");
    private static final Set<String> RNN = Set.of("sequence_length", "embedding_size", "hidden_size", "rnn_layers",
            "rnn_input_dropout", "rnn_output_dropout");

    @Override
    public List<Setting> settings() {
        return ALL;
    }

    @Override
    public boolean applies(String name, Map<String, Object> config) {
        String type = text(config, "type", "mlp");
        String schedule = text(config, "schedule", "constant");
        return switch (name) {
            case "dropout" -> type.equals("mlp");
            case "hidden_layers", "units", "highway" -> !type.equals("rnn");
            case "freeze", "reinit" -> !text(config, "pretrained", "").isEmpty();
            case "momentum" -> text(config, "optimizer", "adam").equals("nesterov");
            case "warmup_epochs" -> schedule.equals("cosine") || text(config, "lr_scaling", "none").equals("linear");
            case "step_epochs", "step_gamma" -> schedule.equals("step");
            case "exp_gamma" -> schedule.equals("exponential");
            case "cycle_epochs", "min_lr_factor" -> schedule.equals("cyclic");
            case "onecycle_pct_start" -> schedule.equals("onecycle");
            case "lr_reference_batch" -> text(config, "lr_scaling", "none").equals("linear");
            case "label_smoothing" -> text(config, "loss", "cross_entropy").equals("label_smoothing");
            case "focal_gamma" -> text(config, "loss", "cross_entropy").equals("focal");
            default -> CNN.contains(name) ? type.equals("cnn") : !RNN.contains(name) || type.equals("rnn");
        };
    }

    private static String text(Map<String, Object> config, String name, String otherwise) {
        Object v = config.get(name);
        return v == null ? otherwise : String.valueOf(v);
    }
}
