package dev.liandan.storage;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Everything in which the databases {@link JdbcStorage} speaks to differ, kept in one place so
 * that the rest of its SQL is standard. PostgreSQL will be a second subclass: an identity column,
 * plain JDBC transactions, SQLSTATE-based error classes.
 */
abstract class SqlDialect {

    static final SqlDialect SQLITE = new Sqlite();

    /** The column type of a generated primary key; migrations write it as {@code ${ID}}. */
    abstract String autoIdColumn();

    /**
     * Stores the objective after one epoch, replacing an earlier report of the same epoch.
     * Parameters: trial_id, epoch, value.
     */
    abstract String upsertTrialValue();

    /**
     * Starts a transaction. A {@code write} transaction must take the database's write lock up
     * front, so that a read-then-write (the next trial number) cannot interleave with another
     * process's.
     */
    abstract void begin(Connection c, boolean write) throws SQLException;

    abstract void commit(Connection c) throws SQLException;

    abstract void rollback(Connection c) throws SQLException;

    /** A unique constraint fired: a duplicate study name, or a trial number another process just took. */
    abstract boolean isUniqueViolation(SQLException e);

    /** Contention that goes away by itself: worth a rollback and another try. */
    abstract boolean isRetryable(SQLException e);

    /** The database file is not a database of this kind. */
    abstract boolean isNotADatabase(SQLException e);

    static final class Sqlite extends SqlDialect {

        @Override
        String autoIdColumn() {
            // Exactly this spelling makes the column an alias of the rowid; BIGINT would not.
            return "INTEGER PRIMARY KEY";
        }

        @Override
        String upsertTrialValue() {
            // PostgreSQL accepts the same statement, but MySQL-likes would not: it lives here.
            return "INSERT INTO trial_values (trial_id, epoch, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (trial_id, epoch) DO UPDATE SET value = excluded.value";
        }

        /*
         * Transactions are plain statements on a connection left in auto-commit mode. The
         * driver's own setAutoCommit(false) would do, but its commit() at once begins the next
         * transaction in the same mode: BEGIN IMMEDIATE there would hold the write lock while
         * idle, and a deferred one would pin an old snapshot for the next read.
         */
        @Override
        void begin(Connection c, boolean write) throws SQLException {
            // IMMEDIATE waits (busy_timeout) for the write lock here, rather than failing with
            // SQLITE_BUSY later when a read transaction tries to become a write one.
            exec(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
        }

        @Override
        void commit(Connection c) throws SQLException {
            exec(c, "COMMIT");
        }

        @Override
        void rollback(Connection c) throws SQLException {
            exec(c, "ROLLBACK");
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            SQLiteErrorCode code = code(e);
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                    || (e.getErrorCode() == SQLiteErrorCode.SQLITE_CONSTRAINT.code
                    && String.valueOf(e.getMessage()).contains("UNIQUE"));
        }

        @Override
        boolean isRetryable(SQLException e) {
            // The low byte is the primary code: BUSY covers BUSY_SNAPSHOT, BUSY_RECOVERY, ...
            int primary = e.getErrorCode() & 0xff;
            return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
        }

        @Override
        boolean isNotADatabase(SQLException e) {
            return (e.getErrorCode() & 0xff) == SQLiteErrorCode.SQLITE_NOTADB.code;
        }

        private static SQLiteErrorCode code(SQLException e) {
            return e instanceof SQLiteException s ? s.getResultCode() : null;
        }

        private static void exec(Connection c, String sql) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }
}
