package dev.liandan.storage;

import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import dev.liandan.core.UserError;
import dev.liandan.study.NewTrial;
import dev.liandan.study.Next;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Studies in a SQL database over JDBC: a SQLite file, or a PostgreSQL database shared by the
 * workers of many hosts. The SQL is standard apart from what the {@link SqlDialect} supplies.
 *
 * <p>One connection per object; its methods are synchronized, so threads may share it. What must
 * be atomic across processes (the next trial number, finishing a trial once) is made so by
 * database transactions and constraints, never by locks in this JVM: several workers, each with
 * its own storage object, may use the same database. Every write is committed before its method
 * returns.
 */
public final class JdbcStorage implements StudyStorage {

    /** How long SQLite waits for another process's write lock before giving up. */
    static final int BUSY_TIMEOUT_MS = 10_000;
    /** Tries of one transaction that met contention (busy, or a trial number just taken). */
    private static final int ATTEMPTS = 8;

    private final Connection conn;
    /** Opens another connection like {@link #conn}: for {@link #forHeartbeats()}. */
    private final Connector connector;
    private final SqlDialect dialect;
    /** Names the database in messages: the file's path for SQLite. */
    private final String where;
    private final Clock clock;
    /** Studies are never renamed or deleted, so an id once read stays right. */
    private final Map<String, Long> studyIds = new HashMap<>();
    private boolean closed;

    /** Opens a connection to the database, set up as this class needs it. */
    @FunctionalInterface
    private interface Connector {
        Connection open() throws SQLException;
    }

    private JdbcStorage(Connection conn, Connector connector, SqlDialect dialect, String where, Clock clock) {
        this.conn = conn;
        this.connector = connector;
        this.dialect = dialect;
        this.where = where;
        this.clock = clock;
    }

    /** How long to wait for a PostgreSQL server to answer a connection, in seconds. */
    static final int CONNECT_TIMEOUT_S = 10;

    /**
     * Opens a PostgreSQL database and brings its schema up to date (creating the tables in the
     * connection's schema, {@code currentSchema=} in the URL, else {@code public}).
     *
     * @param url      {@code jdbc:postgresql://host:port/database?user=...}
     * @param password the password, or null (trust or peer authentication, or a password in the
     *                 URL). It is never part of a message: the URL is shown with its password masked.
     * @throws UserError when the server cannot be reached, refuses the login, or holds a schema
     *                   written by a newer liandan
     */
    public static JdbcStorage postgres(String url, String password) {
        String shown = Storages.mask(url);
        java.util.Properties props = new java.util.Properties();
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
        props.setProperty("ApplicationName", "liandan");
        Connector connector = () -> {
            Connection c = new org.postgresql.Driver().connect(url, props);
            if (c == null) {
                throw new UserError("storage " + shown + " is not a PostgreSQL JDBC URL: expected "
                        + "jdbc:postgresql://host:port/database?user=NAME");
            }
            try {
                SqlDialect.POSTGRES.prepare(c);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
            return c;
        };
        Connection c = null;
        try {
            c = connector.open();
            JdbcStorage storage = new JdbcStorage(c, connector, SqlDialect.POSTGRES, shown, Clock.systemUTC());
            storage.migrate();
            return storage;
        } catch (SQLException e) {
            closeQuietly(c);
            String message = Storages.mask(firstLine(e.getMessage()));
            if (String.valueOf(e.getSQLState()).startsWith("08")) {
                throw new UserError("cannot connect to PostgreSQL storage " + shown + ": " + message
                        + " (is the server running? see docs/storage-and-workers.md)", e);
            }
            throw new UserError("cannot open PostgreSQL storage " + shown + ": " + message, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Opens (creating it and its folders if need be) the SQLite database file. */
    public static JdbcStorage sqlite(Path dbFile) {
        return sqlite(dbFile, Clock.systemUTC());
    }

    /**
     * @param clock gives startedAt and finishedAt, so that tests can control time
     * @throws UserError when the path is a folder, its folder cannot be made, the file is not a
     *                   SQLite database, or it was written by a newer liandan
     */
    public static JdbcStorage sqlite(Path dbFile, Clock clock) {
        Path file = dbFile.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new UserError("cannot open storage " + file + ": it is a folder, not a database file");
        }
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UserError("cannot create the folder of storage " + file + ": " + e);
        }
        Connector connector = () -> {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            Connection opened = config.createConnection("jdbc:sqlite:" + file);
            try (Statement s = opened.createStatement()) {
                // WAL: readers never block the writer and the writer never blocks readers, which
                // is what many workers and a live leaderboard on one file need. It is a property
                // of the file, so the first opener sets it for all.
                switchToWal(s);
                // In WAL mode NORMAL still makes every commit survive a crash of the process
                // (kill -9); only a power loss may take the last commits. FULL would fsync each.
                s.execute("PRAGMA synchronous=NORMAL");
                // Off by default in SQLite, and per connection.
                s.execute("PRAGMA foreign_keys=ON");
                SqlDialect.SQLITE.prepare(opened);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(opened);
                throw e;
            }
            return opened;
        };
        Connection c = null;
        try {
            c = connector.open();
            JdbcStorage storage = new JdbcStorage(c, connector, SqlDialect.SQLITE, file.toString(), clock);
            storage.migrate();
            return storage;
        } catch (SQLException e) {
            closeQuietly(c);
            if (SqlDialect.SQLITE.isNotADatabase(e)) {
                throw new UserError("cannot open storage " + file + ": it is not a SQLite database", e);
            }
            throw new UserError("cannot open storage " + file + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once,
     * without its busy handler, while another connection is switching or recovering the same
     * file (seen when several processes open a new study at once). Retry for the busy time-out.
     */
    private static void switchToWal(Statement s) throws SQLException {
        long deadline = System.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
        for (int attempt = 1; ; attempt++) {
            try {
                s.execute("PRAGMA journal_mode=WAL");
                return;
            } catch (SQLException e) {
                if (!SqlDialect.SQLITE.isRetryable(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                pause(Math.min(attempt, 10), e);
            }
        }
    }

    /**
     * Brings the schema up to {@link Schema#CURRENT} in one write transaction, so that two
     * processes opening a new file at once migrate it once.
     */
    private void migrate() throws SQLException {
        transaction(true, false, c -> {
            dialect.lockSchema(c);
            try (Statement s = c.createStatement()) {
                s.execute(Schema.VERSION_TABLE);
                int version;
                try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                    version = rs.next() ? rs.getInt(1) : 0; // MAX of no rows is NULL, read as 0
                }
                if (version > Schema.CURRENT) {
                    throw new UserError(where + " was written by a newer liandan (schema v" + version
                            + "; this one knows v" + Schema.CURRENT + ")");
                }
                for (Schema.Migration m : Schema.MIGRATIONS) {
                    if (m.version() <= version) {
                        continue;
                    }
                    for (String statement : m.statements()) {
                        s.execute(Schema.sql(statement, dialect));
                    }
                    try (PreparedStatement p = c.prepareStatement(
                            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                        p.setInt(1, m.version());
                        p.setLong(2, clock.millis());
                        p.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    @Override
    public synchronized void createStudy(StudyRecord study) {
        checkOpen();
        StudyRecord s = StoredValues.study(study, now());
        try {
            transaction(true, false, c -> {
                if (findStudyId(c, s.name()) != null) {
                    throw StoredValues.duplicateStudy(s.name(), where);
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO studies "
                        + "(name, space_text, space_file, metric, direction, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, s.name());
                    p.setString(2, s.spaceText());
                    p.setString(3, s.spaceFile());
                    p.setString(4, s.metric());
                    p.setString(5, s.direction().name());
                    p.setLong(6, s.createdAt().toEpochMilli());
                    p.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            // Where two processes race to create the same study, the UNIQUE name decides.
            if (dialect.isUniqueViolation(e)) {
                throw StoredValues.duplicateStudy(s.name(), where);
            }
            throw failure("create study '" + s.name() + "'", e);
        }
    }

    @Override
    public synchronized Optional<StudyRecord> findStudy(String name) {
        return read("read study '" + name + "'", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT name, space_text, space_file, metric, direction, "
                    + "created_at FROM studies WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StudyRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), Direction.valueOf(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
        });
    }

    @Override
    public synchronized List<String> studyNames() {
        return read("list studies", c -> {
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM studies ORDER BY id")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return List.copyOf(names);
        });
    }

    @Override
    public synchronized Trial startTrial(String study, NewTrial trial) {
        checkOpen();
        StoredValues.params(trial.params()); // a wrong type fails before any transaction
        try {
            // The write lock (SQLite) or the study's row lock (PostgreSQL) makes max+1 and the
            // insert one step; the UNIQUE (study_id, number) is the backstop, and a retry reads
            // the new max.
            return transaction(true, true, c -> insertTrial(c, lockedStudyId(c, study), trial, TrialState.RUNNING));
        } catch (SQLException e) {
            throw failure("start a trial of study '" + study + "'", e);
        }
    }

    /**
     * The study's id, with the study locked until commit: where the database lets two
     * transactions read the same MAX(number) (PostgreSQL), they would otherwise collide on the
     * UNIQUE (study_id, number) and retry again and again under contention.
     */
    private long lockedStudyId(Connection c, String study) throws SQLException {
        long id = studyId(c, study);
        dialect.lockStudy(c, id);
        return id;
    }

    /** Inserts a RUNNING (started) or WAITING (enqueued) trial with the study's next free number. */
    private Trial insertTrial(Connection c, long studyId, NewTrial trial, TrialState state) throws SQLException {
        Map<String, Object> params = StoredValues.params(trial.params());
        boolean running = state == TrialState.RUNNING;
        int number;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = ?")) {
            p.setLong(1, studyId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                number = rs.getInt(1);
            }
        }
        Instant now = now();
        String worker = running ? trial.worker() : null;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO trials (study_id, number, state, params, "
                + "seed, retry_of, metrics, epochs, started_at, worker, heartbeat) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
            p.setLong(1, studyId);
            p.setInt(2, number);
            p.setString(3, state.name());
            p.setString(4, StoredValues.paramsJson(params));
            p.setLong(5, trial.seed());
            setInteger(p, 6, trial.retryOf());
            p.setString(7, StoredValues.metricsJson(Map.of()));
            p.setLong(8, now.toEpochMilli());
            p.setString(9, worker);
            if (running) {
                p.setLong(10, now.toEpochMilli());
            } else {
                p.setNull(10, Types.BIGINT);
            }
            p.executeUpdate();
        }
        return new Trial(number, state, params, trial.seed(), trial.retryOf(), null,
                StoredValues.metrics(null), List.of(), 0, now, null, worker, running ? now : null, null);
    }

    @Override
    public synchronized Trial enqueueTrial(String study, NewTrial trial) {
        checkOpen();
        StoredValues.params(trial.params()); // a wrong type fails before any transaction
        try {
            return transaction(true, true, c -> insertTrial(c, lockedStudyId(c, study), trial, TrialState.WAITING));
        } catch (SQLException e) {
            throw failure("enqueue a trial of study '" + study + "'", e);
        }
    }

    @Override
    public synchronized Next.Taken decideNext(String study, Function<TrialReader, Next> decide) {
        checkOpen();
        try {
            // SQLite: BEGIN IMMEDIATE holds the file's write lock from the first read to the
            // commit. PostgreSQL: the study's row, locked FOR UPDATE, does the same per study.
            return transaction(true, true, c -> {
                long studyId = studyId(c, study);
                dialect.lockStudy(c, studyId);
                Next next;
                try {
                    next = decide.apply((from, also) -> {
                        try {
                            return loadTrialsFrom(c, studyId, from, also);
                        } catch (SQLException e) {
                            throw new ReadFailed(e);
                        }
                    });
                } catch (ReadFailed e) {
                    throw (SQLException) e.getCause(); // so that contention is retried as for any read
                }
                switch (next.kind()) {
                    case START:
                        return new Next.Taken(next, insertTrial(c, studyId, next.trial(), TrialState.RUNNING));
                    case CLAIM:
                        return new Next.Taken(next, claimWaiting(c, studyId, study, next.waitingNumber(), next.worker()));
                    default:
                        return new Next.Taken(next, null);
                }
            });
        } catch (SQLException e) {
            throw failure("start the next trial of study '" + study + "'", e);
        }
    }

    /** Carries a read's SQLException out of the decide function, whose type allows none. */
    private static final class ReadFailed extends RuntimeException {
        ReadFailed(SQLException cause) {
            super(cause);
        }
    }

    /** WAITING to RUNNING; the state in the WHERE clause makes a second claim of it change nothing. */
    private Trial claimWaiting(Connection c, long studyId, String study, int number, String worker) throws SQLException {
        Instant now = now();
        try (PreparedStatement p = c.prepareStatement("UPDATE trials SET state = ?, worker = ?, started_at = ?, "
                + "heartbeat = ? WHERE study_id = ? AND number = ? AND state = ?")) {
            p.setString(1, TrialState.RUNNING.name());
            p.setString(2, worker);
            p.setLong(3, now.toEpochMilli());
            p.setLong(4, now.toEpochMilli());
            p.setLong(5, studyId);
            p.setInt(6, number);
            p.setString(7, TrialState.WAITING.name());
            if (p.executeUpdate() != 1) {
                trialRow(c, studyId, study, number); // a UserError if there is no such trial
                throw new IllegalStateException("trial " + number + " of study '" + study + "' is not WAITING");
            }
        }
        return loadTrials(c, studyId, number).get(0);
    }

    @Override
    public synchronized boolean deleteStudy(String study) {
        boolean deleted = write("delete study '" + study + "'", c -> {
            Long id = findStudyId(c, study);
            if (id == null) {
                return false;
            }
            // children first: the foreign keys have no ON DELETE CASCADE
            for (String sql : List.of(
                    "DELETE FROM trial_values WHERE trial_id IN (SELECT id FROM trials WHERE study_id = ?)",
                    "DELETE FROM trials WHERE study_id = ?",
                    "DELETE FROM study_attributes WHERE study_id = ?",
                    "DELETE FROM studies WHERE id = ?")) {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setLong(1, id);
                    p.executeUpdate();
                }
            }
            return true;
        });
        studyIds.remove(study);
        return deleted;
    }

    @Override
    public synchronized void setStudyAttribute(String study, String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        write("set attribute " + name + " of study '" + study + "'", c -> {
            try (PreparedStatement p = c.prepareStatement(dialect.upsertStudyAttribute())) {
                p.setLong(1, studyId(c, study));
                p.setString(2, name);
                p.setString(3, value);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized Map<String, String> studyAttributes(String study) {
        return read("read the attributes of study '" + study + "'", c -> {
            Map<String, String> out = new TreeMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name, value FROM study_attributes WHERE study_id = ?")) {
                p.setLong(1, studyId(c, study));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        });
    }

    @Override
    public synchronized void heartbeat(String study, int number, Instant at) {
        Objects.requireNonNull(at, "at");
        write("record a heartbeat of trial " + number + " of study '" + study + "'", c -> {
            long studyId = studyId(c, study);
            // A finished trial is never changed again, not even its heartbeat.
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE trials SET heartbeat = ? WHERE study_id = ? AND number = ? AND state = ?")) {
                p.setLong(1, at.toEpochMilli());
                p.setLong(2, studyId);
                p.setInt(3, number);
                p.setString(4, TrialState.RUNNING.name());
                if (p.executeUpdate() == 0) {
                    trialRow(c, studyId, study, number); // a UserError if there is no such trial
                }
            }
            return null;
        });
    }

    @Override
    public synchronized void reportIntermediate(String study, int number, int epoch, double value) {
        StoredValues.checkEpoch(epoch);
        write("record epoch " + epoch + " of trial " + number + " of study '" + study + "'", c -> {
            TrialRow row = trialRow(c, studyId(c, study), study, number);
            if (row.state != TrialState.RUNNING) {
                return null; // too late: the trial was ended, perhaps by another process
            }
            try (PreparedStatement p = c.prepareStatement(dialect.upsertTrialValue())) {
                p.setLong(1, row.id);
                p.setInt(2, epoch);
                // NULL for NaN in every database, as SQLite has no other choice.
                if (Double.isNaN(value)) {
                    p.setNull(3, Types.DOUBLE);
                } else {
                    p.setDouble(3, value);
                }
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized boolean setTrialParams(String study, int number, Map<String, Object> params) {
        String json = StoredValues.paramsJson(StoredValues.params(params)); // a wrong type fails before any write
        return write("set the params of trial " + number + " of study '" + study + "'", c -> {
            long studyId = studyId(c, study);
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE trials SET params = ? WHERE study_id = ? AND number = ? AND state = ?")) {
                p.setString(1, json);
                p.setLong(2, studyId);
                p.setInt(3, number);
                p.setString(4, TrialState.RUNNING.name());
                if (p.executeUpdate() == 1) {
                    return true;
                }
            }
            trialRow(c, studyId, study, number); // a UserError if there is no such trial
            return false;
        });
    }

    @Override
    public synchronized boolean finishTrial(String study, int number, TrialState state, Double value,
                                            Map<String, Double> metrics, int epochs, String failReason) {
        StoredValues.checkFinal(state);
        Double stored = StoredValues.value(value);
        String metricsJson = StoredValues.metricsJson(StoredValues.metrics(metrics));
        return write("finish trial " + number + " of study '" + study + "'", c -> {
            long studyId = studyId(c, study);
            // The state test in the WHERE clause is the guard: of two processes finishing the
            // same trial, exactly one updates a row.
            try (PreparedStatement p = c.prepareStatement("UPDATE trials SET state = ?, value = ?, metrics = ?, "
                    + "epochs = ?, finished_at = ?, fail_reason = ? WHERE study_id = ? AND number = ? AND state = ?")) {
                p.setString(1, state.name());
                if (stored == null) {
                    p.setNull(2, Types.DOUBLE);
                } else {
                    p.setDouble(2, stored);
                }
                p.setString(3, metricsJson);
                p.setInt(4, epochs);
                p.setLong(5, now().toEpochMilli());
                p.setString(6, failReason);
                p.setLong(7, studyId);
                p.setInt(8, number);
                p.setString(9, TrialState.RUNNING.name());
                if (p.executeUpdate() == 1) {
                    return true;
                }
            }
            trialRow(c, studyId, study, number); // a UserError if there is no such trial
            return false;
        });
    }

    @Override
    public synchronized boolean failIfStale(String study, int number, Instant staleBefore, String reason) {
        Objects.requireNonNull(staleBefore, "staleBefore");
        return write("reclaim trial " + number + " of study '" + study + "'", c -> {
            long studyId = studyId(c, study);
            // state and heartbeat in the WHERE clause: a heartbeat committed after the caller
            // read the trial saves it, and of two reclaimers exactly one updates the row.
            try (PreparedStatement p = c.prepareStatement("UPDATE trials SET state = ?, value = NULL, "
                    + "finished_at = ?, fail_reason = ? WHERE study_id = ? AND number = ? AND state = ? "
                    + "AND (heartbeat IS NULL OR heartbeat < ?)")) {
                p.setString(1, TrialState.FAILED.name());
                p.setLong(2, now().toEpochMilli());
                p.setString(3, reason);
                p.setLong(4, studyId);
                p.setInt(5, number);
                p.setString(6, TrialState.RUNNING.name());
                p.setLong(7, StoredValues.millis(staleBefore).toEpochMilli());
                if (p.executeUpdate() == 1) {
                    return true;
                }
            }
            trialRow(c, studyId, study, number); // a UserError if there is no such trial
            return false;
        });
    }

    @Override
    public synchronized List<Trial> trials(String study) {
        return read("read the trials of study '" + study + "'", c -> loadTrials(c, studyId(c, study), null));
    }

    @Override
    public synchronized List<Trial> trialsFrom(String study, int fromNumber, Collection<Integer> alsoNumbers) {
        List<Integer> also = List.copyOf(alsoNumbers);
        return read("read the new trials of study '" + study + "'",
                c -> loadTrialsFrom(c, studyId(c, study), fromNumber, also));
    }

    @Override
    public synchronized Optional<Trial> trial(String study, int number) {
        return read("read trial " + number + " of study '" + study + "'",
                c -> loadTrials(c, studyId(c, study), number).stream().findFirst());
    }

    /**
     * A second storage object over the same database, with a connection of its own (same URL and
     * settings; the schema is already current, so no migration): a heartbeat sent through it
     * never waits behind a call of this object, such as a write waiting out SQLite's busy
     * time-out or a long read. On SQLite it still needs the file's write lock for its moment;
     * on PostgreSQL it locks only its trial's row. Opening one costs a connection (about a
     * millisecond for SQLite, a login for PostgreSQL).
     */
    @Override
    public synchronized StudyStorage forHeartbeats() {
        checkOpen();
        try {
            return new JdbcStorage(connector.open(), connector, dialect, where, clock);
        } catch (SQLException e) {
            throw failure("open a connection for heartbeats", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            conn.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    @Override
    public String toString() {
        return where;
    }

    /** The value of a PRAGMA on this storage's own connection; for tests (WAL, foreign keys, ...). */
    synchronized String pragma(String name) {
        return read("read pragma " + name, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    // ---- reading rows

    /** Trials of one study in number order with their intermediates, or just trial {@code number}. */
    private List<Trial> loadTrials(Connection c, long studyId, Integer number) throws SQLException {
        return number == null ? loadTrials(c, studyId, "", List.of()) : loadTrials(c, studyId, " AND t.number = ?", List.of(number));
    }

    /**
     * More numbers than this in one IN list read from the lowest of them instead: SQLite allows
     * 32766 parameters, PostgreSQL 65535, and a long IN list is no faster than a short range.
     */
    static final int MAX_LISTED_NUMBERS = 500;

    /** Trials numbered {@code from} or above, and those listed in {@code also}; see {@link #trialsFrom}. */
    private List<Trial> loadTrialsFrom(Connection c, long studyId, int from, Collection<Integer> also)
            throws SQLException {
        List<Integer> listed = new ArrayList<>();
        for (Integer n : new java.util.TreeSet<>(also)) {
            if (n < from) {
                listed.add(n);
            }
        }
        if (listed.size() > MAX_LISTED_NUMBERS) {
            // read the range from the lowest listed number, and keep only what was asked for
            int tail = from;
            java.util.Set<Integer> keep = new java.util.HashSet<>(listed);
            return loadTrials(c, studyId, " AND t.number >= ?", List.of(listed.get(0))).stream()
                    .filter(t -> t.number() >= tail || keep.contains(t.number())).toList();
        }
        if (from <= 0 && listed.isEmpty()) {
            return loadTrials(c, studyId, "", List.of());
        }
        List<Integer> args = new ArrayList<>();
        args.add(from);
        args.addAll(listed);
        // Both branches are range or point lookups on the (study_id, number) index of the UNIQUE constraint.
        String in = listed.isEmpty() ? "" : " OR t.number IN (" + String.join(", ", java.util.Collections.nCopies(listed.size(), "?")) + ")";
        return loadTrials(c, studyId, " AND (t.number >= ?" + in + ")", args);
    }

    /** Trials of one study whose numbers pass {@code where} (bound to {@code args}), in number order, with their intermediates. */
    private List<Trial> loadTrials(Connection c, long studyId, String where, List<Integer> args) throws SQLException {
        Map<Long, TreeMap<Integer, Double>> values = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT v.trial_id, v.epoch, v.value FROM trial_values v "
                + "JOIN trials t ON t.id = v.trial_id WHERE t.study_id = ?" + where)) {
            bindStudyAndNumbers(p, studyId, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Double v = getDouble(rs, 3);
                    values.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                            .put(rs.getInt(2), v == null ? Double.NaN : v);
                }
            }
        }
        List<Trial> trials = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT t.id, t.number, t.state, t.params, t.seed, t.retry_of, "
                + "t.value, t.metrics, t.epochs, t.started_at, t.finished_at, t.worker, t.heartbeat, t.fail_reason "
                + "FROM trials t WHERE t.study_id = ?" + where + " ORDER BY t.number")) {
            bindStudyAndNumbers(p, studyId, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    trials.add(new Trial(rs.getInt(2), TrialState.valueOf(rs.getString(3)),
                            StoredValues.paramsFromJson(rs.getString(4)), rs.getLong(5), getInteger(rs, 6),
                            getDouble(rs, 7), StoredValues.metricsFromJson(rs.getString(8)),
                            StoredValues.intermediates(values.getOrDefault(rs.getLong(1), new TreeMap<>())),
                            rs.getInt(9), getInstant(rs, 10), getInstant(rs, 11), rs.getString(12),
                            getInstant(rs, 13), rs.getString(14)));
                }
            }
        }
        return List.copyOf(trials);
    }

    private static void bindStudyAndNumbers(PreparedStatement p, long studyId, List<Integer> numbers) throws SQLException {
        p.setLong(1, studyId);
        for (int i = 0; i < numbers.size(); i++) {
            p.setInt(i + 2, numbers.get(i));
        }
    }

    private record TrialRow(long id, TrialState state) {
    }

    private TrialRow trialRow(Connection c, long studyId, String study, int number) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id, state FROM trials WHERE study_id = ? AND number = ?")) {
            p.setLong(1, studyId);
            p.setInt(2, number);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw StoredValues.unknownTrial(study, number, where);
                }
                return new TrialRow(rs.getLong(1), TrialState.valueOf(rs.getString(2)));
            }
        }
    }

    private long studyId(Connection c, String study) throws SQLException {
        Long id = findStudyId(c, study);
        if (id == null) {
            throw StoredValues.unknownStudy(study, where);
        }
        return id;
    }

    private Long findStudyId(Connection c, String study) throws SQLException {
        Long cached = studyIds.get(study);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM studies WHERE name = ?")) {
            p.setString(1, study);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return null; // not cached: another process may create it later
                }
                long id = rs.getLong(1);
                studyIds.put(study, id);
                return id;
            }
        }
    }

    private static Integer getInteger(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Double getDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant getInstant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setInteger(PreparedStatement p, int index, Integer v) throws SQLException {
        if (v == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setInt(index, v);
        }
    }

    // ---- transactions

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(String what, Work<T> work) {
        checkOpen();
        try {
            // A transaction even for reads: trials and their values then come from one snapshot.
            return transaction(false, false, work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> T write(String what, Work<T> work) {
        checkOpen();
        try {
            return transaction(true, false, work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction and commits it. Contention (and, where asked, a unique
     * constraint that another process won) rolls back and tries again after a short random
     * pause; anything else rolls back and is thrown.
     */
    private <T> T transaction(boolean write, boolean retryOnUnique, Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            boolean begun = false;
            try {
                dialect.begin(conn, write);
                begun = true;
                T result = work.run(conn);
                dialect.commit(conn);
                return result;
            } catch (SQLException e) {
                if (begun) {
                    rollbackQuietly(e);
                }
                boolean again = dialect.isRetryable(e) || (retryOnUnique && dialect.isUniqueViolation(e));
                if (!again || attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt, e);
            } catch (RuntimeException | Error e) {
                if (begun) {
                    rollbackQuietly(e);
                }
                throw e;
            }
        }
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            dialect.rollback(conn);
        } catch (SQLException suppressed) {
            // The database may already have rolled back (SQLite does on some errors).
            cause.addSuppressed(suppressed);
        }
    }

    /** Random, growing pauses, so that processes that collided do not collide again in step. */
    private static void pause(int attempt, SQLException cause) throws SQLException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1L + 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    private StorageException failure(String what, SQLException e) {
        return new StorageException("storage " + where + ": cannot " + what + ": " + firstLine(e.getMessage()), e);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("storage " + where + " is closed");
        }
    }

    private Instant now() {
        return StoredValues.millis(clock.instant());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }
}
