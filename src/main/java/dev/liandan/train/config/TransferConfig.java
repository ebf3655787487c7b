package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** Fine-tuning a pretrained network: which layers stay frozen or start afresh, and how fast the features below the head learn. */
public record TransferConfig(String pretrained, int freeze, int reinit, double featuresLrMultiplier,
                             double lrDecayPerLayer) {
    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(21, new Setting("model", "pretrained", Setting.Kind.STRING, List.of(), "", null, null, false,
                    "a DL4J model.zip to fine-tune (relative to the space file); empty: train from scratch")),
            new Placed(22, new Setting("model", "freeze", Setting.Kind.INT, List.of(), 0L, 0.0, 10000.0, false,
                    "pretrained: layers from the input that stay frozen")),
            new Placed(23, new Setting("model", "reinit", Setting.Kind.INT, List.of(), 0L, 0.0, 10000.0, false,
                    "pretrained: layers right below the new head that start from a fresh init")),
            new Placed(45, new Setting("training", "features_lr_multiplier", Setting.Kind.FLOAT, List.of(), 1.0, 0.0, null, false,
                    "learning rate of the layers below the output layer, as a multiple of the head's")),
            new Placed(46, new Setting("training", "lr_decay_per_layer", Setting.Kind.FLOAT, List.of(), 1.0, 0.0, 1.0, false,
                    "each further layer down from the head gets this factor more"))),
            (name, config) -> !(name.equals("freeze") || name.equals("reinit"))
                    || !Part.text(config, "pretrained", "").isEmpty());

    public static TransferConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new TransferConfig(
                read.string("pretrained"),
                read.integer("freeze"),
                read.integer("reinit"),
                read.number("features_lr_multiplier"),
                read.number("lr_decay_per_layer"));
    }
}
