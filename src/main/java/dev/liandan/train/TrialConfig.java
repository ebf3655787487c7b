package dev.liandan.train;

import dev.liandan.space.Setting;
import dev.liandan.train.config.Dl4jSettings;
import dev.liandan.core.UserError;
import dev.liandan.space.Values;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trial's {@link Dl4jSettings} read from its params map, typed and checked. A setting the map
 * lacks takes its default (the space parser fills every setting in, but a hand-made request
 * need not); keys that are no setting (searched helpers such as {@code base_lr}) are ignored.
 * Numbers may arrive as Long or Double (derived formulas give doubles): an INT setting accepts a
 * Double only when it is a whole number.
 */
public record TrialConfig(String modelType, int hiddenLayers, int units, String activation, String weightInit,
                          double dropout, int epochs, int batchSize, String optimizer, double momentum, double lr,
                          double weightDecay, String schedule, int warmupEpochs, int stepEpochs, double stepGamma,
                          int patience, double expGamma, int cycleEpochs, double minLrFactor,
                          double onecyclePctStart, String lrScaling, int lrReferenceBatch, boolean highway,
                          int convLayers, int filters, int kernelSize, double convDropout, double denseDropout,
                          int imageHeight, int imageWidth, int channels, int sequenceLength, int embeddingSize,
                          int hiddenSize, int rnnLayers, double rnnInputDropout, double rnnOutputDropout,
                          String loss, double labelSmoothing, double focalGamma, String pretrained, int freeze, int reinit,
                          double featuresLrMultiplier, double lrDecayPerLayer, String precision,
                          int augmentShift, boolean augmentFlip, int prefetch, double huberDelta) {

    /** Every setting with its default value, by name: a starting point for requests built by hand. */
    public static Map<String, Object> defaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting s : Dl4jSettings.ALL) {
            out.put(s.name(), s.defaultValue());
        }
        return out;
    }

    public static TrialConfig from(Map<String, Object> params) {
        return new TrialConfig(
                string(params, "type"),
                integer(params, "hidden_layers"),
                integer(params, "units"),
                string(params, "activation"),
                string(params, "weight_init"),
                number(params, "dropout"),
                integer(params, "epochs"),
                integer(params, "batch_size"),
                string(params, "optimizer"),
                number(params, "momentum"),
                number(params, "lr"),
                number(params, "weight_decay"),
                string(params, "schedule"),
                integer(params, "warmup_epochs"),
                integer(params, "step_epochs"),
                number(params, "step_gamma"),
                integer(params, "patience"),
                number(params, "exp_gamma"),
                integer(params, "cycle_epochs"),
                number(params, "min_lr_factor"),
                number(params, "onecycle_pct_start"),
                string(params, "lr_scaling"),
                integer(params, "lr_reference_batch"),
                (Boolean) checked(params, "highway"),
                integer(params, "conv_layers"),
                integer(params, "filters"),
                integer(params, "kernel_size"),
                number(params, "conv_dropout"),
                number(params, "dense_dropout"),
                integer(params, "image_height"),
                integer(params, "image_width"),
                integer(params, "channels"),
                integer(params, "sequence_length"),
                integer(params, "embedding_size"),
                integer(params, "hidden_size"),
                integer(params, "rnn_layers"),
                number(params, "rnn_input_dropout"),
                number(params, "rnn_output_dropout"),
                string(params, "loss"),
                number(params, "label_smoothing"),
                number(params, "focal_gamma"),
                string(params, "pretrained"),
                integer(params, "freeze"),
                integer(params, "reinit"),
                number(params, "features_lr_multiplier"),
                number(params, "lr_decay_per_layer"),
                string(params, "precision"),
                integer(params, "augment_shift"),
                (Boolean) checked(params, "augment_flip"),
                integer(params, "prefetch"),
                number(params, "huber_delta"));
    }

    /**
     * The peak rate training really uses: {@code lr}, or under the linear scaling rule (Goyal et
     * al. 2017, section 2.1: "when the minibatch size is multiplied by k, multiply the learning
     * rate by k") {@code lr * batch_size / lr_reference_batch}.
     */
    public double effectiveLr() {
        return "linear".equals(lrScaling) ? lr * batchSize / lrReferenceBatch : lr;
    }

    private static Setting setting(String name) {
        return Dl4jSettings.ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no setting " + name));
    }

    /** The value of {@code name}, or its default, checked against the setting's kind and range. */
    private static Object checked(Map<String, Object> params, String name) {
        Setting s = setting(name);
        Object v = params.containsKey(name) ? params.get(name) : s.defaultValue();
        if (s.kind() == Setting.Kind.INT && v instanceof Number n && !(v instanceof Long)) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                v = (long) d;
            }
        }
        if (s.kind() == Setting.Kind.FLOAT && v instanceof Number n) {
            v = n.doubleValue();
        }
        String problem = v == null ? "missing value" : s.problem(v);
        if (problem != null) {
            throw new UserError("setting '" + name + "' = " + Values.format(v) + ": " + problem);
        }
        return v;
    }

    private static String string(Map<String, Object> params, String name) {
        return (String) checked(params, name);
    }

    private static int integer(Map<String, Object> params, String name) {
        long v = (Long) checked(params, name);
        if (v > Integer.MAX_VALUE) {
            throw new UserError("setting '" + name + "' = " + v + ": too large");
        }
        return (int) v;
    }

    private static double number(Map<String, Object> params, String name) {
        double v = ((Number) checked(params, name)).doubleValue();
        if (!Double.isFinite(v)) {
            throw new UserError("setting '" + name + "' = " + v + ": expected a finite number");
        }
        return v;
    }
}
