package dev.liandan.space;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes space files and a tiny CSV into a test's temporary folder and parses them. */
final class SpaceFiles {
    /**
     * A valid file of six lines; tests append sections from line 7 on, so the line numbers in
     * their assertions can be read off the text.
     */
    static final String BASE = """
            study: t
            data:
              path: tiny.csv
              label: label
            objective:
              metric: val_accuracy
            """;

    static final String TINY_CSV = "f0,f1,label\n1.0,2.0,0\n3.0,4.0,1\n";

    private SpaceFiles() {
    }

    /** Writes {@code yaml} as space.yaml next to tiny.csv and returns its path. */
    static Path write(Path dir, String yaml) {
        try {
            Files.writeString(dir.resolve("tiny.csv"), TINY_CSV);
            Path file = dir.resolve("space.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StudySpec parse(Path dir, String yaml) {
        return SpaceFileParser.parse(write(dir, yaml));
    }

    /** Parses {@code yaml}, expecting a SpaceError at line:column whose message holds {@code part}. */
    static SpaceError error(Path dir, String yaml, int line, int column, String part) {
        Path file = write(dir, yaml);
        SpaceError e = assertThrows(SpaceError.class, () -> SpaceFileParser.parse(file));
        assertEquals(file.toString(), e.location().file(), e.getMessage());
        assertEquals(line + ":" + column, e.location().line() + ":" + e.location().column(), e.getMessage());
        assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":" + line + ":" + column + ": "), e.getMessage());
        return e;
    }
}
