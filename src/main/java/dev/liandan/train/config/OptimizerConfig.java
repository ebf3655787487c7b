package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** The optimizer and its learning rate, with the linear scaling rule that may tie the rate to the batch size. */
public record OptimizerConfig(String optimizer, double momentum, double lr, double weightDecay, String lrScaling,
                              int lrReferenceBatch) {
    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(26, new Setting("training", "optimizer", Setting.Kind.STRING, List.of("adam", "sgd", "nesterov"), "adam",
                    null, null, false, "adam, plain sgd, or sgd with Nesterov momentum")),
            new Placed(27, new Setting("training", "momentum", Setting.Kind.FLOAT, List.of(), 0.9, 0.0, 1.0, true,
                    "momentum of the nesterov optimizer")),
            new Placed(28, new Setting("training", "lr", Setting.Kind.FLOAT, List.of(), 1e-3, 0.0, null, false,
                    "learning rate (peak rate of a schedule)")),
            new Placed(29, new Setting("training", "weight_decay", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, null, false,
                    "decoupled weight decay coefficient")),
            new Placed(39, new Setting("training", "lr_scaling", Setting.Kind.STRING, List.of("none", "linear"), "none",
                    null, null, false, "linear: lr is a base rate, scaled by batch_size / lr_reference_batch")),
            new Placed(40, new Setting("training", "lr_reference_batch", Setting.Kind.INT, List.of(), 256L, 1.0, null, false,
                    "linear scaling rule: the batch size at which lr is used as is"))),
            (name, config) -> switch (name) {
                case "momentum" -> Part.text(config, "optimizer", "adam").equals("nesterov");
                case "lr_reference_batch" -> Part.text(config, "lr_scaling", "none").equals("linear");
                default -> true;
            });

    public static OptimizerConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new OptimizerConfig(
                read.string("optimizer"),
                read.number("momentum"),
                read.number("lr"),
                read.number("weight_decay"),
                read.string("lr_scaling"),
                read.integer("lr_reference_batch"));
    }

    /**
     * The peak rate training really uses at {@code batchSize}: {@code lr}, or under the linear
     * scaling rule (Goyal et al. 2017, section 2.1: "when the minibatch size is multiplied by k,
     * multiply the learning rate by k") {@code lr * batchSize / lr_reference_batch}.
     */
    public double effectiveLr(int batchSize) {
        return "linear".equals(lrScaling) ? lr * batchSize / lrReferenceBatch : lr;
    }
}
