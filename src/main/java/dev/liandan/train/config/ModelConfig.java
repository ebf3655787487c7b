package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** The network every family builds on: its kind, its dense layers and their activation, initialisation and dropout. */
public record ModelConfig(String type, int hiddenLayers, int units, String activation, String weightInit,
                          double dropout, boolean highway) {
    private static final List<String> ACTIVATIONS = List.of("relu", "leakyrelu", "elu", "gelu", "swish", "tanh", "sigmoid");

    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(0, new Setting("model", "type", Setting.Kind.STRING, List.of("mlp", "cnn", "rnn"), "mlp", null, null, false,
                    "model family")),
            new Placed(1, new Setting("model", "hidden_layers", Setting.Kind.INT, List.of(), 2L, 0.0, 16.0, false,
                    "number of hidden dense layers")),
            new Placed(2, new Setting("model", "units", Setting.Kind.INT, List.of(), 128L, 1.0, 65536.0, false,
                    "width of each hidden layer")),
            new Placed(3, new Setting("model", "activation", Setting.Kind.STRING, ACTIVATIONS, "relu", null, null, false,
                    "hidden-layer activation")),
            new Placed(4, new Setting("model", "weight_init", Setting.Kind.STRING, List.of("auto", "kaiming", "xavier"), "auto",
                    null, null, false, "auto: kaiming (He) for ReLU-like activations, xavier for tanh/sigmoid")),
            new Placed(5, new Setting("model", "dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "probability of dropping a hidden unit")),
            new Placed(6, new Setting("model", "highway", Setting.Kind.BOOL, List.of(), false, null, null, false,
                    "highway layers (Srivastava et al. 2015) for dense layers whose input and output sizes match"))),
            (name, config) -> switch (name) {
                case "dropout" -> Part.text(config, "type", "mlp").equals("mlp");
                case "hidden_layers", "units", "highway" -> !Part.text(config, "type", "mlp").equals("rnn");
                default -> true;
            });

    public static ModelConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new ModelConfig(
                read.string("type"),
                read.integer("hidden_layers"),
                read.integer("units"),
                read.string("activation"),
                read.string("weight_init"),
                read.number("dropout"),
                read.bool("highway"));
    }
}
