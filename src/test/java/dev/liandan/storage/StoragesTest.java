package dev.liandan.storage;

import dev.liandan.core.UserError;
import dev.liandan.study.StudyStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoragesTest {

    @TempDir
    Path dir;

    @Test
    void memoryGivesAFreshInMemoryStorageEachTime() {
        try (StudyStorage a = Storages.open("memory:"); StudyStorage b = Storages.open("memory:")) {
            assertInstanceOf(InMemoryStorage.class, a);
            a.createStudy(StudyStorageContract.study("s"));
            assertEquals(List.of(), b.studyNames());
            assertNotSame(a, b);
        }
    }

    @Test
    void aPlainPathIsASqliteFile() {
        Path db = dir.resolve("results/s/study.db");
        try (StudyStorage s = Storages.open(db.toString())) {
            assertInstanceOf(JdbcStorage.class, s);
            s.createStudy(StudyStorageContract.study("s"));
        }
        assertTrue(Files.isRegularFile(db));
    }

    @Test
    void sqliteAndJdbcSqlitePrefixesOpenTheSameFile() {
        Path db = dir.resolve("study.db");
        try (StudyStorage s = Storages.open("sqlite:" + db)) {
            assertInstanceOf(JdbcStorage.class, s);
            s.createStudy(StudyStorageContract.study("s"));
        }
        try (StudyStorage s = Storages.open("jdbc:sqlite:" + db)) {
            assertEquals(List.of("s"), s.studyNames());
        }
        try (StudyStorage s = Storages.open(db.toString())) {
            assertEquals(List.of("s"), s.studyNames());
        }
    }

    @Test
    void otherSchemesAreAUserError() {
        for (String spec : List.of("postgresql://db/hpo", "mysql:x", "memory:other", "", "   ")) {
            UserError e = assertThrows(UserError.class, () -> Storages.open(spec), spec);
            assertTrue(e.getMessage().startsWith("unsupported storage '"), e.getMessage());
            assertTrue(e.getMessage().endsWith("expected a file path, sqlite:PATH, "
                    + "jdbc:postgresql://HOST:PORT/DB?user=NAME or memory:"), e.getMessage());
        }
    }

    @Test
    void sqliteWithoutAUsableFileIsAUserError() {
        for (String spec : List.of("sqlite:", "jdbc:sqlite::memory:", "jdbc:sqlite:" + dir.resolve("x.db") + "?journal_mode=DELETE")) {
            UserError e = assertThrows(UserError.class, () -> Storages.open(spec), spec);
            assertTrue(e.getMessage().contains(spec), e.getMessage());
        }
    }

    @Test
    void aFolderIsAUserErrorNamingIt() {
        UserError e = assertThrows(UserError.class, () -> Storages.open(dir.toString()));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
}
