package dev.liandan.storage;

import dev.liandan.core.UserError;
import dev.liandan.study.StudyStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage contract on a real PostgreSQL server, each case in a fresh schema; plus what is PostgreSQL's own. */
class PostgresStorageTest extends JdbcStorageContract {

    private static final List<String> SCHEMAS = new ArrayList<>();

    /** A fresh schema, dropped after the class. */
    @Override
    protected String newPlace() {
        String schema = PostgresTestDb.createSchema();
        synchronized (SCHEMAS) {
            SCHEMAS.add(schema);
        }
        return schema;
    }

    @Override
    protected JdbcStorage openAt(String schema) {
        return JdbcStorage.postgres(url(schema), null);
    }

    @Override
    protected String url(String schema) {
        return PostgresTestDb.url(schema);
    }

    @AfterAll
    static void dropSchemas() {
        synchronized (SCHEMAS) {
            SCHEMAS.forEach(PostgresTestDb::dropSchema);
            SCHEMAS.clear();
        }
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
        try (StudyStorage s = Storages.open(url(place), file)) {
            assertEquals(List.of(), s.studyNames());
            assertFalse(s.toString().contains("s3cret"));
        }
        UserError missing = assertThrows(UserError.class,
                () -> Storages.open(url(place), dir.resolve("absent")));
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
