package dev.liandan.storage;

import dev.liandan.core.UserError;
import dev.liandan.study.StudyStorage;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The storage contract plus what {@link JdbcStorage} must do on every SQL dialect: its versioned
 * schema (migrations recorded once, an old schema migrated with its data kept, a newer one refused
 * and left alone, a new database opened by several storages at once migrated once) and
 * heartbeats on a connection of their own. Each dialect's test says where a database lives (a
 * "place": a file for SQLite, a schema for PostgreSQL) and how to open one.
 */
abstract class JdbcStorageContract extends StudyStorageContract {

    /** The place of the storage under test. */
    String place;

    /** A new place that no storage has opened yet (a file that does not exist, an empty schema); may use {@link #dir}. */
    protected abstract String newPlace();

    /** This dialect's storage at {@code place}. */
    protected abstract JdbcStorage openAt(String place);

    /** The JDBC URL of {@code place}, for a plain connection past {@link JdbcStorage}. */
    protected abstract String url(String place);

    /** Asserts the settings a connection of this dialect is opened with; none by default. */
    protected void assertConnectionSettings(JdbcStorage s) {
    }

    @Override
    protected final StudyStorage newStorage() {
        place = newPlace();
        return openAt(place);
    }

    @Override
    protected final StudyStorage reopen() {
        return openAt(place);
    }

    /** A plain connection, past JdbcStorage, to look at or tamper with the database under test. */
    Connection raw() throws SQLException {
        return DriverManager.getConnection(url(place));
    }

    /** The versions {@code schema_version} holds at {@code where}, in order. */
    List<Integer> versions(String where) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(where)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    static List<Integer> upTo(int version) {
        return IntStream.rangeClosed(1, version).boxed().toList();
    }

    // ---- the schema

    @Test
    void everyMigrationIsRecordedOnceAndNotAgainOnReopen() throws SQLException {
        assertEquals(upTo(Schema.CURRENT), versions(place));
        storage.close();
        track(reopen()).close();
        track(reopen());
        assertEquals(upTo(Schema.CURRENT), versions(place));
    }

    @Test
    void aVersion1DatabaseIsMigratedWithItsDataKept() throws SQLException {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.close();
        // what the first release left: no study_attributes table, schema version 1
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE study_attributes");
            s.execute("DELETE FROM schema_version WHERE version = 2");
        }
        StudyStorage again = track(reopen());
        assertEquals(upTo(Schema.CURRENT), versions(place));
        assertEquals(1, again.trials("s").size());
        again.setStudyAttribute("s", "search.trials", "5");
        assertEquals("5", again.studyAttributes("s").get("search.trials"));
    }

    @Test
    void aDatabaseFromANewerLiandanIsAUserErrorAndIsLeftAlone() throws SQLException {
        String shown = storage.toString();
        storage.close();
        int newer = Schema.CURRENT + 2;
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + (Schema.CURRENT + 1) + ", 0), ("
                    + newer + ", 0)");
        }
        UserError e = assertThrows(UserError.class, this::reopen);
        assertEquals(shown + " was written by a newer liandan (schema v" + newer + "; this one knows v" + Schema.CURRENT
                + ")", e.getMessage());
        assertEquals(upTo(newer), versions(place));
    }

    @Test
    void severalStoragesOpeningANewDatabaseAtOnceMigrateItOnce() throws Exception {
        String fresh = newPlace();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JdbcStorage>> opening = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                opening.add(pool.submit(() -> {
                    go.await();
                    return openAt(fresh);
                }));
            }
            go.countDown();
            List<JdbcStorage> storages = new ArrayList<>();
            for (Future<JdbcStorage> f : opening) {
                storages.add((JdbcStorage) track(f.get(60, TimeUnit.SECONDS)));
            }
            storages.get(0).createStudy(study("s"));
            for (JdbcStorage s : storages) {
                assertConnectionSettings(s);
                assertEquals(List.of("s"), s.studyNames());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(upTo(Schema.CURRENT), versions(fresh));
    }

    // ---- heartbeats

    /**
     * Heartbeats get a connection of their own, set up like the worker's: the contract's cases
     * on {@link StudyStorage#forHeartbeats()} then run against a second connection, not skip.
     */
    @Test
    void heartbeatsGetAConnectionOfTheirOwnWithTheSameSettings() {
        JdbcStorage beats = (JdbcStorage) track(storage.forHeartbeats());
        assertTrue(beats != storage, "a second storage object");
        assertConnectionSettings(beats);
    }
}
