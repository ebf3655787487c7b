package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** Random changes to training images ({@code type: cnn}) that make more data of the same. */
public record AugmentationConfig(int augmentShift, boolean augmentFlip) {
    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(48, new Setting("training", "augment_shift", Setting.Kind.INT, List.of(), 0L, 0.0, 64.0, false,
                    "cnn: random translation of training images by up to this many pixels")),
            new Placed(49, new Setting("training", "augment_flip", Setting.Kind.BOOL, List.of(), false, null, null, false,
                    "cnn: mirror training images left-right with probability 1/2"))),
            (name, config) -> Part.text(config, "type", "mlp").equals("cnn"));

    public static AugmentationConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new AugmentationConfig(
                read.integer("augment_shift"),
                read.bool("augment_flip"));
    }
}
