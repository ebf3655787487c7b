package dev.liandan.ensemble;

import dev.liandan.testing.DocSnippet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ensemble API snippet of docs/ensembles.md, taken from the page as it is, compiled and run on the fixture bundle. */
class ReadmeSnippetTest {
    @TempDir
    Path tmp;

    @Test
    void readmeSnippetCompilesAndPredicts() throws Exception {
        String name = DocSnippet.compile(Path.of("docs", "ensembles.md"), "ensemble-api-snippet", tmp);

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass(name).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[]{FixtureBundleTest.BUNDLE.toString()});
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s)[012] \\[.*\\]\\s*"), printed);
    }
}
