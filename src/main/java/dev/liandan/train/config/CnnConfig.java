package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** The convolutional family ({@code type: cnn}): its conv blocks and the shape of its input images. */
public record CnnConfig(int convLayers, int filters, int kernelSize, double convDropout, double denseDropout,
                        int imageHeight, int imageWidth, int channels) {
    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(7, new Setting("model", "conv_layers", Setting.Kind.INT, List.of(), 2L, 1.0, 8.0, false,
                    "cnn: conv -> batch norm -> activation -> max-pool blocks")),
            new Placed(8, new Setting("model", "filters", Setting.Kind.INT, List.of(), 32L, 1.0, 4096.0, false,
                    "cnn: filters of the first block (doubled in each further block)")),
            new Placed(9, new Setting("model", "kernel_size", Setting.Kind.INT, List.of(), 3L, 1.0, 15.0, false,
                    "cnn: square kernel size")),
            new Placed(10, new Setting("model", "conv_dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "cnn: dropout on the input of every conv block after the first")),
            new Placed(11, new Setting("model", "dense_dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "cnn: dropout before and between the dense layers")),
            new Placed(12, new Setting("model", "image_height", Setting.Kind.INT, List.of(), 0L, 0.0, 65536.0, false,
                    "cnn: image height in pixels (0: a square image from the feature count)")),
            new Placed(13, new Setting("model", "image_width", Setting.Kind.INT, List.of(), 0L, 0.0, 65536.0, false,
                    "cnn: image width in pixels (0: as the height)")),
            new Placed(14, new Setting("model", "channels", Setting.Kind.INT, List.of(), 1L, 1.0, 4096.0, false,
                    "cnn: image channels; features are channel-major (all of channel 0, then 1, ...)"))),
            (name, config) -> Part.text(config, "type", "mlp").equals("cnn"));

    public static CnnConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new CnnConfig(
                read.integer("conv_layers"),
                read.integer("filters"),
                read.integer("kernel_size"),
                read.number("conv_dropout"),
                read.number("dense_dropout"),
                read.integer("image_height"),
                read.integer("image_width"),
                read.integer("channels"));
    }
}
