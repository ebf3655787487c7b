package dev.liandan.train.config;

import dev.liandan.space.Setting;
import dev.liandan.space.SettingCatalogue;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The settings of the dl4j trial backend: every key a space file may put under {@code model:}
 * or {@code training:}, gathered from the records of a {@link dev.liandan.train.TrialConfig},
 * each of which owns its settings. Each may be a literal, a searched parameter or a derived
 * formula; a setting the file leaves out takes its default. Registered in
 * {@code META-INF/services} so that {@code space} finds it through {@link SettingCatalogue#installed()}.
 */
public final class Dl4jSettings implements SettingCatalogue {
    static final List<Part> PARTS = List.of(ModelConfig.PART, CnnConfig.PART, RnnConfig.PART, TransferConfig.PART,
            OptimizerConfig.PART, ScheduleConfig.PART, LossConfig.PART, AugmentationConfig.PART, TrainingConfig.PART);

    /** The parts' settings in order of their places. */
    public static final List<Setting> ALL = PARTS.stream().flatMap(p -> p.settings().stream())
            .sorted(Comparator.comparingInt(Placed::place)).map(Placed::setting).toList();

    @Override
    public List<Setting> settings() {
        return ALL;
    }

    @Override
    public boolean applies(String name, Map<String, Object> config) {
        return PARTS.stream().filter(p -> p.owns(name)).findFirst().map(p -> p.uses().test(name, config)).orElse(true);
    }
}
