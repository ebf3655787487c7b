package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** The training loss and the parameter of each loss that has one. */
public record LossConfig(String loss, double labelSmoothing, double focalGamma, double huberDelta) {
    /** Losses of one linear output, for {@code data.task: regression}. */
    public static final List<String> REGRESSION_LOSSES = List.of("mse", "mae", "huber");
    private static final List<String> REGRESSION_LOSSES_AND_CLASSIFICATION = List.of("cross_entropy",
            "label_smoothing", "focal", "mse", "mae", "huber");

    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(41, new Setting("training", "loss", Setting.Kind.STRING, REGRESSION_LOSSES_AND_CLASSIFICATION,
                    "cross_entropy", null, null, false, "training loss: cross_entropy, label_smoothing or focal of the"
                    + " softmax output (classification); mse, mae or huber of one linear output (regression; the"
                    + " default there is mse)")),
            new Placed(42, new Setting("training", "huber_delta", Setting.Kind.FLOAT, List.of(), 1.0, 1.0e-6, null, false,
                    "huber loss: where the quadratic part turns linear, in standard deviations of the target")),
            new Placed(43, new Setting("training", "label_smoothing", Setting.Kind.FLOAT, List.of(), 0.1, 0.0, 1.0, true,
                    "label_smoothing loss: share of the target spread evenly over all classes")),
            new Placed(44, new Setting("training", "focal_gamma", Setting.Kind.FLOAT, List.of(), 2.0, 0.0, 100.0, false,
                    "focal loss: focusing exponent gamma (0: cross-entropy)"))),
            (name, config) -> switch (name) {
                case "label_smoothing" -> Part.text(config, "loss", "cross_entropy").equals("label_smoothing");
                case "focal_gamma" -> Part.text(config, "loss", "cross_entropy").equals("focal");
                default -> true;
            });

    public static LossConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new LossConfig(
                read.string("loss"),
                read.number("label_smoothing"),
                read.number("focal_gamma"),
                read.number("huber_delta"));
    }
}
