package dev.liandan.storage;

import dev.liandan.space.UserError;
import dev.liandan.study.StudyStorage;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Opens a storage from what a user writes after {@code --storage}. */
public final class Storages {

    /**
     * A URL-like scheme ("postgresql:", "jdbc:mysql:"). Two letters at least, so that a Windows
     * drive ("C:\\results\\study.db") stays a path.
     */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    private Storages() {
    }

    /**
     * {@code memory:} for a fresh in-memory storage; {@code sqlite:PATH}, {@code jdbc:sqlite:PATH}
     * or a plain path for a SQLite file (created with its folders if need be).
     *
     * @throws UserError for anything else, or a path SQLite cannot use
     */
    public static StudyStorage open(String spec) {
        if (spec == null || spec.isBlank()) {
            throw unsupported(String.valueOf(spec));
        }
        String s = spec.strip();
        if (s.equals("memory:")) {
            return new InMemoryStorage();
        }
        if (s.startsWith("jdbc:sqlite:")) {
            return sqlite(spec, s.substring("jdbc:sqlite:".length()));
        }
        if (s.startsWith("sqlite:")) {
            return sqlite(spec, s.substring("sqlite:".length()));
        }
        if (SCHEME.matcher(s).find()) {
            throw unsupported(spec);
        }
        return sqlite(spec, s);
    }

    private static StudyStorage sqlite(String spec, String path) {
        // The driver's URL options (file.db?journal_mode=...) would fight the settings that
        // JdbcStorage depends on; ":memory:" would silently keep nothing.
        if (path.isEmpty() || path.contains("?") || path.startsWith(":memory:")) {
            throw new UserError("unsupported SQLite storage '" + spec + "': expected sqlite:PATH with a file path"
                    + " (use memory: for a storage that keeps nothing)");
        }
        try {
            return JdbcStorage.sqlite(Path.of(path));
        } catch (InvalidPathException e) {
            throw new UserError("storage '" + spec + "' is not a valid file path: " + e.getMessage());
        }
    }

    private static UserError unsupported(String spec) {
        return new UserError("unsupported storage '" + spec + "': expected a file path, sqlite:PATH or memory:");
    }
}
