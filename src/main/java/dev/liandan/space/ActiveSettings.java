package dev.liandan.space;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which of the dl4j backend's settings a trial's configuration actually uses: a trial stores
 * every setting (the defaults included), but an MLP reads none of the CNN's or RNN's, a constant
 * schedule none of the step schedule's, and so on. What a reader of one trial wants to see.
 */
public final class ActiveSettings {
    private static final Set<String> CNN = Set.of("conv_layers", "filters", "kernel_size", "conv_dropout",
            "dense_dropout", "image_height", "image_width", "channels", "augment_shift", "augment_flip");
    private static final Set<String> RNN = Set.of("sequence_length", "embedding_size", "hidden_size", "rnn_layers",
            "rnn_input_dropout", "rnn_output_dropout");
    private static final Set<String> SETTINGS = Settings.ALL.stream().map(Setting::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private ActiveSettings() {
    }

    /**
     * A dl4j trial's configuration without the settings it does not use, in its own order; values
     * that are no setting of the backend (the {@code params:} section) are kept. Only for trials of
     * the dl4j backend: a command trial's parameters may share a setting's name and mean anything.
     */
    public static Map<String, Object> of(Map<String, Object> config) {
        Map<String, Object> active = new LinkedHashMap<>();
        config.forEach((name, value) -> {
            if (applies(name, config)) {
                active.put(name, value);
            }
        });
        return active;
    }

    /** Whether a stored space file's text has a {@code trial:} section: its trials run a program, not dl4j. */
    public static boolean isCommandStudy(String spaceText) {
        return spaceText != null && spaceText.lines().anyMatch(l -> l.matches("trial\\s*:.*"));
    }

    /** Whether the configuration {@code config} uses its value of {@code name}. */
    public static boolean applies(String name, Map<String, Object> config) {
        if (!SETTINGS.contains(name)) {
            return true;
        }
        String type = text(config, "type", "mlp");
        String schedule = text(config, "schedule", "constant");
        return switch (name) {
            case "dropout" -> type.equals("mlp");
            case "hidden_layers", "units", "highway" -> !type.equals("rnn");
            case "freeze", "reinit" -> !text(config, "pretrained", "").isEmpty();
            case "momentum" -> text(config, "optimizer", "adam").equals("nesterov");
            case "warmup_epochs" -> schedule.equals("cosine") || text(config, "lr_scaling", "none").equals("linear");
            case "step_epochs", "step_gamma" -> schedule.equals("step");
            case "exp_gamma" -> schedule.equals("exponential");
            case "cycle_epochs", "min_lr_factor" -> schedule.equals("cyclic");
            case "onecycle_pct_start" -> schedule.equals("onecycle");
            case "lr_reference_batch" -> text(config, "lr_scaling", "none").equals("linear");
            case "label_smoothing" -> text(config, "loss", "cross_entropy").equals("label_smoothing");
            case "focal_gamma" -> text(config, "loss", "cross_entropy").equals("focal");
            default -> CNN.contains(name) ? type.equals("cnn") : !RNN.contains(name) || type.equals("rnn");
        };
    }

    private static String text(Map<String, Object> config, String name, String otherwise) {
        Object v = config.get(name);
        return v == null ? otherwise : String.valueOf(v);
    }
}
