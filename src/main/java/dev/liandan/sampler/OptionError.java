package dev.liandan.sampler;

import dev.liandan.core.UserError;

/** A wrong sampler option: {@link #key()} names it so the caller can point at its place in the file. */
public final class OptionError extends UserError {
    private final String key;

    public OptionError(String key, String message) {
        super("search.options." + key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
