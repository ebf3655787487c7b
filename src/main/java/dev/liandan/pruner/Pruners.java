package dev.liandan.pruner;

import dev.liandan.space.PrunerSpec;
import dev.liandan.space.SpaceError;
import dev.liandan.core.UserError;

import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds a pruner by its name among those registered with {@link ServiceLoader} and applies its options. */
public final class Pruners {
    private Pruners() {
    }

    public static List<Pruner> all() {
        return ServiceLoader.load(Pruner.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /**
     * The pruner {@code spec} names, configured with its options; an unknown name, an unknown
     * option or a bad value is a user error at its place in the space file (when known).
     */
    public static Pruner of(PrunerSpec spec) {
        for (Pruner p : all()) {
            if (p.name().equals(spec.name())) {
                PrunerOptions options = new PrunerOptions(spec);
                Pruner configured = p.configure(options);
                options.refuseUnread();
                return configured;
            }
        }
        TreeSet<String> names = new TreeSet<>();
        all().forEach(p -> names.add(p.name()));
        String message = "unknown pruner '" + spec.name() + "': expected one of " + String.join(", ", names);
        throw spec.location() == null ? new UserError(message) : new SpaceError(spec.location(), message);
    }
}
