package dev.liandan.space;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which of the dl4j backend's settings a trial's configuration actually uses: a trial stores
 * every setting (the defaults included), but an MLP reads none of the CNN's or RNN's, a constant
 * schedule none of the step schedule's, and so on (the backend's {@link SettingCatalogue} says
 * which). What a reader of one trial wants to see.
 */
public final class ActiveSettings {
    private static final Set<String> SETTINGS = SettingCatalogue.installed().settings().stream().map(Setting::name)
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
        return !SETTINGS.contains(name) || SettingCatalogue.installed().applies(name, config);
    }
}
