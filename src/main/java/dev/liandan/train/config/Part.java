package dev.liandan.train.config;

import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * What one record of a {@link dev.liandan.train.TrialConfig} owns: its settings, and which of
 * them a configuration uses ({@code uses.test(name, config)}; see
 * {@link dev.liandan.space.SettingCatalogue#applies}).
 */
record Part(List<Placed> settings, BiPredicate<String, Map<String, Object>> uses) {

    boolean owns(String name) {
        return settings.stream().anyMatch(p -> p.setting().name().equals(name));
    }

    /** A configuration's value of {@code name} as text, or {@code otherwise} when it has none. */
    static String text(Map<String, Object> config, String name, String otherwise) {
        Object v = config.get(name);
        return v == null ? otherwise : String.valueOf(v);
    }
}
