package dev.liandan.train.config;

import dev.liandan.space.Setting;

import java.util.List;
import java.util.Map;

/** The learning-rate schedule over epochs and the settings of each kind of schedule. */
public record ScheduleConfig(String schedule, int warmupEpochs, int stepEpochs, double stepGamma, double expGamma,
                             int cycleEpochs, double minLrFactor, double onecyclePctStart) {
    /** Its settings, each at its place in the catalogue, and which of them a configuration uses. */
    static final Part PART = new Part(List.of(
            new Placed(30, new Setting("training", "schedule", Setting.Kind.STRING, List.of("constant", "step", "exponential", "cosine", "cyclic", "onecycle"), "constant",
                    null, null, false, "learning-rate schedule over epochs")),
            new Placed(31, new Setting("training", "warmup_epochs", Setting.Kind.INT, List.of(), 0L, 0.0, null, false,
                    "linear warm-up epochs before the cosine decay")),
            new Placed(32, new Setting("training", "step_epochs", Setting.Kind.INT, List.of(), 10L, 1.0, null, false,
                    "step schedule: epochs between decays")),
            new Placed(33, new Setting("training", "step_gamma", Setting.Kind.FLOAT, List.of(), 0.1, 0.0, 1.0, false,
                    "step schedule: factor applied at each decay")),
            new Placed(35, new Setting("training", "exp_gamma", Setting.Kind.FLOAT, List.of(), 0.95, 0.0, 1.0, false,
                    "exponential schedule: factor applied after every epoch")),
            new Placed(36, new Setting("training", "cycle_epochs", Setting.Kind.INT, List.of(), 4L, 1.0, null, false,
                    "cyclic schedule: epochs of one full cycle (up and down)")),
            new Placed(37, new Setting("training", "min_lr_factor", Setting.Kind.FLOAT, List.of(), 0.25, 0.0, 1.0, false,
                    "cyclic schedule: lowest rate as a fraction of lr")),
            new Placed(38, new Setting("training", "onecycle_pct_start", Setting.Kind.FLOAT, List.of(), 0.3, 0.0, 1.0, true,
                    "one-cycle schedule: fraction of the iterations spent rising"))),
            (name, config) -> {
                String schedule = Part.text(config, "schedule", "constant");
                return switch (name) {
                    // warm-up also eases in a linearly scaled rate (Goyal et al. 2017, section 2.2)
                    case "warmup_epochs" -> schedule.equals("cosine")
                            || Part.text(config, "lr_scaling", "none").equals("linear");
                    case "step_epochs", "step_gamma" -> schedule.equals("step");
                    case "exp_gamma" -> schedule.equals("exponential");
                    case "cycle_epochs", "min_lr_factor" -> schedule.equals("cyclic");
                    case "onecycle_pct_start" -> schedule.equals("onecycle");
                    default -> true;
                };
            });

    public static ScheduleConfig from(Map<String, Object> params) {
        ParamReader read = new ParamReader(params, PART);
        return new ScheduleConfig(
                read.string("schedule"),
                read.integer("warmup_epochs"),
                read.integer("step_epochs"),
                read.number("step_gamma"),
                read.number("exp_gamma"),
                read.integer("cycle_epochs"),
                read.number("min_lr_factor"),
                read.number("onecycle_pct_start"));
    }
}
