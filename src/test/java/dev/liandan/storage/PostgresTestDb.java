package dev.liandan.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real PostgreSQL the tests use: 127.0.0.1:5432, database {@code test}, trust
 * authentication (as CI runs it), or the JDBC URL in {@code $LIANDAN_TEST_POSTGRES}. Each user
 * gets a fresh schema of its own, dropped afterwards, so that tests and other users of the
 * database never see each other's tables.
 */
public final class PostgresTestDb {
    public static final String BASE = System.getenv().getOrDefault("LIANDAN_TEST_POSTGRES",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private PostgresTestDb() {
    }

    /** A new, empty schema; fails the test, saying how to start PostgreSQL, if it is not reachable. */
    public static String createSchema() {
        String schema = "liandan_t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                .toLowerCase(Locale.ROOT);
        exec("CREATE SCHEMA " + schema);
        return schema;
    }

    /** The JDBC URL of a storage in {@code schema}. */
    public static String url(String schema) {
        return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropSchema(String schema) {
        exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(BASE); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (String.valueOf(e.getSQLState()).startsWith("08")) {
                fail("PostgreSQL is not reachable at " + BASE + " (" + e.getMessage() + "). These tests need a real "
                        + "server with trust authentication and a database 'test'; on this project's machines start it "
                        + "with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start "
                        + "(docs/storage-and-workers.md), or point $LIANDAN_TEST_POSTGRES at another one.");
            }
            throw new AssertionError("PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }
}
