package dev.liandan.storage;

import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteStorageTest extends JdbcStorageContract {

    private int places;

    @Override
    protected String newPlace() {
        // Folders that do not exist yet: sqlite() must make them.
        return dir.resolve("results").resolve("study-" + ++places).resolve("study.db").toString();
    }

    @Override
    protected JdbcStorage openAt(String place) {
        return JdbcStorage.sqlite(Path.of(place));
    }

    @Override
    protected String url(String place) {
        return "jdbc:sqlite:" + place;
    }

    /** WAL, foreign keys and the busy time-out, on every connection. */
    @Override
    protected void assertConnectionSettings(JdbcStorage s) {
        assertEquals("wal", s.pragma("journal_mode"));
        assertEquals("1", s.pragma("foreign_keys"));
        assertEquals(Integer.toString(JdbcStorage.BUSY_TIMEOUT_MS), s.pragma("busy_timeout"));
    }

    Path file() {
        return Path.of(place);
    }

    // ---- the file

    @Test
    void createsTheFileAndItsFolders() {
        assertTrue(Files.isRegularFile(file()));
        assertEquals(file().toString(), storage.toString());
    }

    @Test
    void connectionRunsInWalModeWithTheExpectedSettings() throws SQLException {
        JdbcStorage s = (JdbcStorage) storage;
        assertConnectionSettings(s);
        assertEquals("1", s.pragma("synchronous"), "NORMAL");
        // WAL is a property of the file: any other connection sees it too.
        try (Connection c = raw(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsAUserErrorNamingIt() throws IOException {
        Path notDb = dir.resolve("notes.db");
        Files.writeString(notDb, "these are my notes, not a database\n".repeat(200));
        UserError e = assertThrows(UserError.class, () -> JdbcStorage.sqlite(notDb));
        assertEquals("cannot open storage " + notDb + ": it is not a SQLite database", e.getMessage());
        assertEquals("these are my notes, not a database\n".repeat(200), Files.readString(notDb), "left as it was");
    }

    @Test
    void aShortFileThatIsNotADatabaseIsAUserErrorToo() throws IOException {
        Path notDb = dir.resolve("short.db");
        Files.writeString(notDb, "hello");
        assertUserError(() -> JdbcStorage.sqlite(notDb), notDb.toString());
    }

    @Test
    void aFolderIsAUserError() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        assertUserError(() -> JdbcStorage.sqlite(folder), folder.toString(), "folder");
    }

    @Test
    void aFileInPlaceOfAFolderIsAUserError() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "x");
        Path db = blocker.resolve("study.db");
        assertUserError(() -> JdbcStorage.sqlite(db), db.toString());
    }

    @Test
    void foreignKeysAreEnforced() {
        // A value for a trial that does not exist: the database itself must refuse it.
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = raw(); Statement s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("INSERT INTO trial_values (trial_id, epoch, value) VALUES (999, 1, 0.5)");
            }
        });
        assertTrue(e.getMessage().contains("FOREIGN KEY"), e.getMessage());
    }

    // ---- other processes

    @Test
    void aChildProcessAndThisOneStartTrialsConcurrently() throws Exception {
        storage.createStudy(study("s"));
        Process child = child("start", file().toString(), "s", "150");
        ExecutorService reading = Executors.newSingleThreadExecutor();
        try (BufferedReader out = reader(child)) {
            assertEquals("ready", out.readLine(), () -> stderr(child));
            Future<List<Integer>> theirsLater = reading.submit(() -> {
                List<Integer> got = new ArrayList<>();
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    got.add(Integer.parseInt(line.strip()));
                }
                return got;
            });
            child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            // For as long as the child runs (a cold JVM is slow to start), so the two overlap;
            // the pause leaves it a turn at the lock, as real work between trials would.
            List<Integer> ours = new ArrayList<>();
            while ((child.isAlive() || ours.size() < 20) && ours.size() < 20_000) {
                ours.add(storage.startTrial("s", newTrial(ours.size())).number());
                // longer than a transaction takes on a loaded machine, so that the other
                // process's busy handler, which sleeps up to 100 ms between tries, finds the lock free
                Thread.sleep(10);
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), () -> stderr(child));
            List<Integer> theirs = theirsLater.get(10, TimeUnit.SECONDS);
            assertEquals(150, theirs.size());
            TreeSet<Integer> all = new TreeSet<>(ours);
            all.addAll(theirs);
            assertEquals(ours.size() + theirs.size(), all.size(), "no number handed out twice");
            assertEquals(IntStream.range(0, all.size()).boxed().toList(), List.copyOf(all));
            assertEquals(List.copyOf(all), numbers(storage.trials("s")));
            // Else the test proved nothing: the child's numbers must be mixed in with ours.
            int spread = theirs.get(theirs.size() - 1) - theirs.get(0) + 1;
            assertTrue(spread > theirs.size(), "the processes took turns: " + theirs);
        } finally {
            child.destroyForcibly();
            reading.shutdownNow();
        }
    }

    @Test
    void aFinishedTrialSurvivesKillMinus9OfItsProcess() throws Exception {
        storage.createStudy(study("s"));
        storage.close();
        Process child = child("finish-and-hang", file().toString(), "s");
        int number;
        try (BufferedReader out = reader(child)) {
            assertEquals("ready", out.readLine(), () -> stderr(child));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("finished "), () -> line + "\n" + stderr(child));
            number = Integer.parseInt(line.substring("finished ".length()));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertFalse(child.exitValue() == 0);
        StudyStorage after = track(reopen());
        Trial t = after.trial("s", number).orElseThrow();
        assertEquals(TrialState.COMPLETE, t.state());
        assertEquals(0.8, t.value());
        assertEquals(Map.of("val_loss", 0.4), t.metrics());
        assertEquals(List.of(0.8), t.intermediates());
        assertEquals(Map.of("lr", 0.1), t.params());
    }

    private Path childErr;

    Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StorageChild.class.getName()));
        command.addAll(List.of(args));
        childErr = dir.resolve("child-" + args[0] + ".err");
        return new ProcessBuilder(command).redirectError(childErr.toFile()).start();
    }

    static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    String stderr(Process p) {
        try {
            p.waitFor(2, TimeUnit.SECONDS);
            return "child stderr:\n" + Files.readString(childErr);
        } catch (IOException | InterruptedException e) {
            return "child stderr unreadable: " + e;
        }
    }
}
