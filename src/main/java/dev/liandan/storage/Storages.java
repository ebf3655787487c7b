package dev.liandan.storage;

import dev.liandan.core.UserError;
import dev.liandan.study.StudyStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    /** {@code password=...} in a JDBC URL, or {@code //user:password@} in a URL's authority. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");
    private static final Pattern AUTHORITY_PASSWORD = Pattern.compile("(//[^/@:\\s]*:)[^/@\\s]*@");

    /** Where a PostgreSQL password comes from when no file is named. */
    public static final String PASSWORD_VARIABLE = "PGPASSWORD";

    /**
     * {@code memory:} for a fresh in-memory storage; {@code sqlite:PATH}, {@code jdbc:sqlite:PATH}
     * or a plain path for a SQLite file (created with its folders if need be);
     * {@code jdbc:postgresql://host:port/database?user=NAME} for PostgreSQL, with the password
     * from {@value #PASSWORD_VARIABLE} if set.
     *
     * @throws UserError for anything else, or a path SQLite cannot use
     */
    public static StudyStorage open(String spec) {
        return open(spec, null);
    }

    /**
     * As {@link #open(String)}, with a PostgreSQL password read from {@code passwordFile} (its
     * first line) when that is not null; else from {@value #PASSWORD_VARIABLE}; else none.
     */
    public static StudyStorage open(String spec, Path passwordFile) {
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
        if (s.startsWith("jdbc:postgresql:")) {
            checkPostgres(s);
            return JdbcStorage.postgres(s, password(passwordFile));
        }
        if (passwordFile != null) {
            throw new UserError("--password-file is for a PostgreSQL storage (jdbc:postgresql://...), not " + mask(spec));
        }
        if (SCHEME.matcher(s).find()) {
            throw unsupported(spec);
        }
        return sqlite(spec, s);
    }

    /**
     * {@code //HOST[:PORT][,HOST2...]/DB?user=NAME}: the driver would otherwise fill a missing host,
     * database or user from its defaults (localhost, the OS user's name) and create the study's
     * tables wherever that lands.
     */
    static void checkPostgres(String url) {
        java.util.regex.Matcher m = POSTGRES.matcher(url);
        String problem = !m.matches() ? "expected jdbc:postgresql://HOST[:PORT]/DB?user=NAME"
                : m.group(1).isEmpty() || m.group(1).startsWith(":") || m.group(1).contains(",,") ? "the host is missing"
                : m.group(2).isEmpty() ? "the database is missing"
                : m.group(3) == null || !USER.matcher(m.group(3)).find() ? "user=NAME is missing"
                : null;
        if (problem != null) {
            throw new UserError("storage '" + mask(url) + "': " + problem
                    + " (expected jdbc:postgresql://HOST[:PORT]/DB?user=NAME)");
        }
    }

    /** jdbc:postgresql://(hosts)/(database)?(query) */
    private static final Pattern POSTGRES = Pattern.compile("jdbc:postgresql://([^/?]*)/([^/?]*)(?:\\?(.*))?");
    private static final Pattern USER = Pattern.compile("(^|&)user=[^&]+");

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

    private static String password(Path file) {
        if (file == null) {
            String env = System.getenv(PASSWORD_VARIABLE);
            return env == null || env.isEmpty() ? null : env;
        }
        try {
            // the first line, without its line break: the form `echo secret > file` writes
            return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("cannot read the password file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** The storage text with any password in it replaced by {@code ***}: what messages show. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = URL_PASSWORD.matcher(text).replaceAll("$1***");
        return AUTHORITY_PASSWORD.matcher(out).replaceAll("$1***@");
    }

    private static UserError unsupported(String spec) {
        return new UserError("unsupported storage '" + mask(spec) + "': expected a file path, sqlite:PATH, "
                + "jdbc:postgresql://HOST:PORT/DB?user=NAME or memory:");
    }
}
