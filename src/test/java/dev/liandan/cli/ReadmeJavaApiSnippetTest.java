package dev.liandan.cli;

import dev.liandan.testing.DocSnippet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "From Java" snippet, taken from the README as it is, compiled and run in a child JVM. */
class ReadmeJavaApiSnippetTest {
    @TempDir
    Path tmp;

    @Test
    void theSnippetCompilesRunsAndPrintsTheBestParameters() throws Exception {
        String name = DocSnippet.compile(Path.of("README.md"), "java-api-snippet", tmp);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", tmp + File.pathSeparator + System.getProperty("java.class.path"), name));
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertEquals(0, p.waitFor(), Files.readString(out));
        String printed = Files.readString(out).strip();
        String last = printed.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("\\{.*}") && last.matches(".*\\bx=-?[0-9.E-]+.*") && last.matches(".*\\bkind=[ab]\\b.*"),
                "the best trial's parameters: " + printed);
    }
}
