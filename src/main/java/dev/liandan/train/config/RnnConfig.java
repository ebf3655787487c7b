package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** The recurrent family ({@code type: rnn}): rows read as sequences by stacked LSTM layers. */
public record RnnConfig(int sequenceLength, int embeddingSize, int hiddenSize, int rnnLayers,
                        double rnnInputDropout, double rnnOutputDropout) {
    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(15, new Setting("model", "sequence_length", Setting.Kind.INT, List.of(), 0L, 0.0, 1048576.0, false,
                    "rnn: time steps per row (0: the square root of the feature count)")),
            new Placed(16, new Setting("model", "embedding_size", Setting.Kind.INT, List.of(), 128L, 1.0, 65536.0, false,
                    "rnn: width of the per-step input projection")),
            new Placed(17, new Setting("model", "hidden_size", Setting.Kind.INT, List.of(), 128L, 1.0, 65536.0, false,
                    "rnn: LSTM units")),
            new Placed(18, new Setting("model", "rnn_layers", Setting.Kind.INT, List.of(), 1L, 1.0, 8.0, false,
                    "rnn: stacked LSTM layers")),
            new Placed(19, new Setting("model", "rnn_input_dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "rnn: dropout on the input -> LSTM connections")),
            new Placed(20, new Setting("model", "rnn_output_dropout", Setting.Kind.FLOAT, List.of(), 0.0, 0.0, 1.0, true,
                    "rnn: dropout on the LSTM -> output connections"))),
            (name, config) -> Part.text(config, "type", "mlp").equals("rnn"));

    public static RnnConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new RnnConfig(
                read.integer("sequence_length"),
                read.integer("embedding_size"),
                read.integer("hidden_size"),
                read.integer("rnn_layers"),
                read.number("rnn_input_dropout"),
                read.number("rnn_output_dropout"));
    }
}
