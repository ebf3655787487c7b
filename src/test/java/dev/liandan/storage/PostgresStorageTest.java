package dev.liandan.storage;

import dev.liandan.space.UserError;
import dev.liandan.study.StudyStorage;
import org.junit.jupiter.api.AfterAll;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage contract on a real PostgreSQL server, each case in a fresh schema; plus what is PostgreSQL's own. */
class PostgresStorageTest extends StudyStorageContract {

    private static final List<String> SCHEMAS = new ArrayList<>();
    private String schema;

    @Override
    protected StudyStorage newStorage() {
        schema = PostgresTestDb.createSchema();
        synchronized (SCHEMAS) {
            SCHEMAS.add(schema);
        }
        return JdbcStorage.postgres(PostgresTestDb.url(schema), null);
    }

    @Override
    protected StudyStorage reopen() {
        return JdbcStorage.postgres(PostgresTestDb.url(schema), null);
    }

    @AfterAll
    static void dropSchemas() {
        synchronized (SCHEMAS) {
            SCHEMAS.forEach(PostgresTestDb::dropSchema);
            SCHEMAS.clear();
        }
    }

    private List<Integer> versions() throws SQLException {
        List<Integer> v = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(PostgresTestDb.url(schema)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                v.add(rs.getInt(1));
            }
        }
        return v;
    }

    @Test
    void everyMigrationIsRecordedOnceAndNotAgainOnReopen() throws SQLException {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= Schema.CURRENT; i++) {
            all.add(i);
        }
        assertEquals(all, versions());
        track(reopen()).close();
        track(reopen());
        assertEquals(all, versions());
    }

    @Test
    void aVersion1SchemaIsMigratedWithItsDataKept() throws SQLException {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        storage.close();
        try (Connection c = DriverManager.getConnection(PostgresTestDb.url(schema)); Statement s = c.createStatement()) {
            s.execute("DROP TABLE study_attributes");
            s.execute("DELETE FROM schema_version WHERE version = 2");
        }
        StudyStorage again = track(reopen());
        assertEquals(List.of(1, 2), versions());
        assertEquals(1, again.trials("s").size());
        again.setStudyAttribute("s", "k", "v");
        assertEquals("v", again.studyAttributes("s").get("k"));
    }

    @Test
    void aSchemaFromANewerLiandanIsAUserErrorAndIsLeftAlone() throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresTestDb.url(schema)); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + (Schema.CURRENT + 5) + ", 0)");
        }
        UserError e = assertThrows(UserError.class, this::reopen);
        assertTrue(e.getMessage().contains("newer liandan (schema v" + (Schema.CURRENT + 5)), e.getMessage());
    }

    @Test
    void severalStoragesOpeningANewSchemaAtOnceMigrateItOnce() throws Exception {
        String fresh = PostgresTestDb.createSchema();
        synchronized (SCHEMAS) {
            SCHEMAS.add(fresh);
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JdbcStorage>> opening = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                opening.add(pool.submit(() -> {
                    go.await();
                    return JdbcStorage.postgres(PostgresTestDb.url(fresh), null);
                }));
            }
            go.countDown();
            List<StudyStorage> storages = new ArrayList<>();
            for (Future<JdbcStorage> f : opening) {
                storages.add(track(f.get(60, TimeUnit.SECONDS)));
            }
            storages.get(0).createStudy(study("s"));
            for (StudyStorage s : storages) {
                assertEquals(List.of("s"), s.studyNames());
            }
        } finally {
            pool.shutdownNow();
        }
        schema = fresh;
        assertEquals(Schema.CURRENT, versions().size());
    }

    @Test
    void aPasswordIsNeverShownAndAnUnreachableServerIsAUserError() {
        // port 1 on loopback: nothing listens there, so the connection is refused at once
        String url = "jdbc:postgresql://127.0.0.1:1/test?user=u&password=hunter2";
        UserError e = assertThrows(UserError.class, () -> Storages.open(url));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("password=***"), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot connect to PostgreSQL storage"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aWrongPasswordFromAFileIsAUserErrorThatDoesNotShowIt() throws Exception {
        // trust authentication accepts any password; what is checked is that it is read and never shown
        java.nio.file.Path file = dir.resolve("pw");
        java.nio.file.Files.writeString(file, "s3cret-from-file\n");
        try (StudyStorage s = Storages.open(PostgresTestDb.url(schema), file)) {
            assertEquals(List.of(), s.studyNames());
            assertFalse(s.toString().contains("s3cret"));
        }
        UserError missing = assertThrows(UserError.class,
                () -> Storages.open(PostgresTestDb.url(schema), dir.resolve("absent")));
        assertTrue(missing.getMessage().contains("password file"), missing.getMessage());
    }

    @Test
    void maskHidesPasswordsInUrls() {
        assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true",
                Storages.mask("jdbc:postgresql://h/db?user=u&password=pw&ssl=true"));
        assertEquals("postgresql://u:***@h/db", Storages.mask("postgresql://u:pw@h/db"));
        assertEquals("results/s/study.db", Storages.mask("results/s/study.db"));
    }

    /**
     * On PostgreSQL a heartbeat through {@link StudyStorage#forHeartbeats()} goes through while
     * the worker's own connection is inside a decision, holding the study's lock: the heartbeat
     * locks only its trial's row.
     */
    @Test
    void aHeartbeatGoesThroughWhileTheWorkerHoldsTheStudyLock() throws Exception {
        storage.createStudy(study("s"));
        storage.startTrial("s", newTrial(1));
        StudyStorage beats = track(storage.forHeartbeats());
        java.time.Instant at = java.time.Instant.parse("2030-01-02T03:04:05.678Z");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            boolean[] sent = {false};
            storage.decideNext("s", reader -> {
                Future<?> beat = pool.submit(() -> beats.heartbeat("s", 0, at));
                try {
                    // a guard against a hang, not a timing: the heartbeat waited for the study lock
                    beat.get(60, TimeUnit.SECONDS);
                    sent[0] = true;
                } catch (Exception e) {
                    beat.cancel(true);
                }
                return dev.liandan.study.Next.waitAWhile();
            });
            assertTrue(sent[0], "the heartbeat was sent while the decision held the study's lock");
            assertEquals(at, storage.trial("s", 0).orElseThrow().heartbeat());
        } finally {
            pool.shutdownNow();
        }
    }
}
