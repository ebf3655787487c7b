package dev.liandan.sampler;

import dev.liandan.space.SearchSpec;
import dev.liandan.space.SourceLocation;
import dev.liandan.space.SpaceError;
import dev.liandan.core.UserError;

import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds a sampler by its name among those registered with {@link ServiceLoader}. */
public final class Samplers {
    private Samplers() {
    }

    public static List<Sampler> all() {
        return ServiceLoader.load(Sampler.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** The sampler called {@code name}; an unknown name is a user error at {@code at} (when known). */
    public static Sampler byName(String name, SourceLocation at) {
        for (Sampler s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        TreeSet<String> names = new TreeSet<>();
        all().forEach(s -> names.add(s.name()));
        String message = "unknown sampler '" + name + "': expected one of " + String.join(", ", names);
        throw at == null ? new UserError(message) : new SpaceError(at, message);
    }

    /**
     * The study's sampler with its {@code search.options} applied; a wrong option is reported at
     * its place in the space file when that is known.
     */
    public static Sampler configured(SearchSpec search) {
        Sampler sampler = byName(search.sampler(), search.samplerLocation());
        try {
            return sampler.configure(search.options().values());
        } catch (OptionError e) {
            SourceLocation at = search.options().locationOf(e.key());
            throw at == null ? e : new SpaceError(at, e.getMessage());
        }
    }
}
