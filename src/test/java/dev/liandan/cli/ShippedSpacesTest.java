package dev.liandan.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every space file the project ships validates, so an example never rots unnoticed. */
class ShippedSpacesTest {

    @Test
    void everyShippedSpaceFileValidates() throws IOException {
        List<Path> files;
        try (Stream<Path> a = Files.list(Path.of("search-spaces")); Stream<Path> b = Files.list(Path.of("examples/pytorch"))) {
            files = Stream.concat(a, b).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "examples found: " + files);
        for (Path f : files) {
            CliRunner.Result r = CliRunner.run("validate", f.toString());
            assertEquals(0, r.exitCode(), f + ": " + r.err());
            assertTrue(r.out().contains(": ok"), r.out());
        }
    }
}
