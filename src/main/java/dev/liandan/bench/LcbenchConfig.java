package dev.liandan.bench;

import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.Space;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configuration of LCBench's MLP (Zimmer et al. 2021): the seven hyperparameters of YAHPO
 * Gym's lcbench config space, with the epoch as the fidelity left out.
 */
public record LcbenchConfig(double batchSize, double learningRate, double momentum, double weightDecay,
                            double numLayers, double maxUnits, double maxDropout) {

    /** LCBench's space as liandan searches it: the ranges and scales of YAHPO Gym's {@code config_space.json}. */
    public static Space space() {
        return new Space(List.of(
                new IntParam("batch_size", 16, 512, true, 1, Optional.empty(), null),
                new FloatParam("learning_rate", 1e-4, 1e-1, true, null, Optional.empty(), null),
                new FloatParam("momentum", 0.1, 0.99, false, null, Optional.empty(), null),
                new FloatParam("weight_decay", 1e-5, 1e-1, false, null, Optional.empty(), null),
                new IntParam("num_layers", 1, 5, false, 1, Optional.empty(), null),
                new IntParam("max_units", 64, 1024, true, 1, Optional.empty(), null),
                new FloatParam("max_dropout", 0.0, 1.0, false, null, Optional.empty(), null)));
    }

    /** The configuration a trial's parameters name (as {@link #space()} assigns them). */
    public static LcbenchConfig of(Map<String, Object> params) {
        return new LcbenchConfig(num(params, "batch_size"), num(params, "learning_rate"), num(params, "momentum"),
                num(params, "weight_decay"), num(params, "num_layers"), num(params, "max_units"),
                num(params, "max_dropout"));
    }

    private static double num(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("an LCBench configuration needs a number for " + name + ", got " + v);
        }
        return n.doubleValue();
    }

    /** The surrogate's {@code x_cont} row at {@code epoch}, in {@link LcbenchSurrogate#INPUTS} order. */
    double[] inputs(int epoch) {
        return new double[]{epoch, batchSize, learningRate, momentum, weightDecay, numLayers, maxUnits, maxDropout};
    }
}
