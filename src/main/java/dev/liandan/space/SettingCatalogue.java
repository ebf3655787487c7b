package dev.liandan.space;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings a trial backend understands under {@code model:} and {@code training:} of a space
 * file. The backend owns them, but {@code space} reads and checks the file and sits below every
 * backend, so it cannot name one: the dl4j backend registers its catalogue with
 * {@link java.util.ServiceLoader} ({@code META-INF/services}) and {@link #installed()} finds it.
 */
public interface SettingCatalogue {

    /**
     * Every setting, in the catalogue's stable order: a space's defaults, the lists in messages
     * and a trial's stored params follow it.
     */
    List<Setting> settings();

    /**
     * Whether a trial of configuration {@code config} uses its value of setting {@code name}
     * (an MLP reads none of the CNN's settings, a constant schedule none of the step schedule's).
     */
    boolean applies(String name, Map<String, Object> config);

    default Optional<Setting> find(String section, String name) {
        return settings().stream().filter(s -> s.section().equals(section) && s.name().equals(name)).findFirst();
    }

    /** The setting called {@code name} in whichever section (names are one namespace). */
    default Optional<Setting> named(String name) {
        return settings().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    default List<String> names(String section) {
        return settings().stream().filter(s -> s.section().equals(section)).map(Setting::name).toList();
    }

    /** The catalogue on the class path. */
    static SettingCatalogue installed() {
        return InstalledCatalogue.ONE;
    }
}
