package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** How long and in what form a trial trains: epochs, minibatches, early stopping, precision and prefetching. */
public record TrainingConfig(int epochs, int batchSize, int patience, String precision, int prefetch) {
    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(24, new Setting("training", "epochs", Setting.Kind.INT, List.of(), 20L, 1.0, 100000.0, false,
                    "maximum number of epochs")),
            new Placed(25, new Setting("training", "batch_size", Setting.Kind.INT, List.of(), 64L, 1.0, 1048576.0, false,
                    "minibatch size")),
            new Placed(34, new Setting("training", "patience", Setting.Kind.INT, List.of(), 0L, 0.0, null, false,
                    "stop after this many epochs without improvement of the objective (0: never)")),
            new Placed(47, new Setting("training", "precision", Setting.Kind.STRING, List.of("fp32", "fp16"), "fp32", null, null, false,
                    "fp32, or fp16: the whole network in half precision (no mixed precision in DL4J 1.0.0-M2.1)",
                    Map.of("bf16", "bf16 is not supported by DL4J 1.0.0-M2.1 (its configuration"
                            + " builder rejects BFLOAT16): use fp32 or fp16"))),
            new Placed(50, new Setting("training", "prefetch", Setting.Kind.INT, List.of(), 0L, 0.0, 64.0, false,
                    "minibatches prepared ahead on a second thread (0: none, the batch is gathered when fit asks)"))),
            (name, config) -> true);

    public static TrainingConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new TrainingConfig(
                read.integer("epochs"),
                read.integer("batch_size"),
                read.integer("patience"),
                read.string("precision"),
                read.integer("prefetch"));
    }
}
