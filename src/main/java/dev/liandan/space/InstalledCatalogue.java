package dev.liandan.space;

import java.util.List;
import java.util.ServiceLoader;

/** The one {@link SettingCatalogue} registered on the class path, loaded once, when first asked for. */
final class InstalledCatalogue {
    static final SettingCatalogue ONE = load();

    private InstalledCatalogue() {
    }

    private static SettingCatalogue load() {
        List<SettingCatalogue> found = ServiceLoader.load(SettingCatalogue.class, SettingCatalogue.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + SettingCatalogue.class.getName()
                    + " in META-INF/services, found " + found.size());
        }
        return found.get(0);
    }
}
