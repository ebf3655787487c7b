package dev.liandan.train;

import dev.liandan.space.Setting;
import dev.liandan.train.config.AugmentationConfig;
import dev.liandan.train.config.CnnConfig;
import dev.liandan.train.config.Dl4jSettings;
import dev.liandan.train.config.LossConfig;
import dev.liandan.train.config.ModelConfig;
import dev.liandan.train.config.OptimizerConfig;
import dev.liandan.train.config.RnnConfig;
import dev.liandan.train.config.ScheduleConfig;
import dev.liandan.train.config.TrainingConfig;
import dev.liandan.train.config.TransferConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trial's {@link Dl4jSettings} read from its params map, typed and checked, in parts that each
 * own their settings (their definitions, their fields and their reading): adding a setting is
 * one edit in the part it belongs to. A setting the map lacks takes its default; keys that are
 * no setting (searched helpers such as {@code base_lr}) are ignored.
 */
public record TrialConfig(ModelConfig model, CnnConfig cnn, RnnConfig rnn, TransferConfig transfer,
                          OptimizerConfig optimizer, ScheduleConfig schedule, LossConfig loss,
                          AugmentationConfig augmentation, TrainingConfig training) {

    /** Every setting with its default value, by name: a starting point for requests built by hand. */
    public static Map<String, Object> defaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting s : Dl4jSettings.ALL) {
            out.put(s.name(), s.defaultValue());
        }
        return out;
    }

    public static TrialConfig from(Map<String, Object> params) {
        return new TrialConfig(ModelConfig.from(params), CnnConfig.from(params), RnnConfig.from(params),
                TransferConfig.from(params), OptimizerConfig.from(params), ScheduleConfig.from(params),
                LossConfig.from(params), AugmentationConfig.from(params), TrainingConfig.from(params));
    }

    /** The peak rate training really uses (see {@link OptimizerConfig#effectiveLr}). */
    public double effectiveLr() {
        return optimizer.effectiveLr(training.batchSize());
    }
}
