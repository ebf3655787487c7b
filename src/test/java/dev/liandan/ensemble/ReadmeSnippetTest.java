package dev.liandan.ensemble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ensemble API snippet of docs/ensembles.md, taken from the page as it is, compiled and run on the fixture bundle. */
class ReadmeSnippetTest {
    @TempDir
    Path tmp;

    @Test
    void readmeSnippetCompilesAndPredicts() throws Exception {
        String readme = Files.readString(Path.of("docs", "ensembles.md"));
        Matcher m = Pattern.compile("<!-- ensemble-api-snippet -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "docs/ensembles.md has the ensemble API snippet");
        String source = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the snippet is a class");
        Path file = tmp.resolve(cls.group(1) + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", tmp.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass(cls.group(1)).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[]{FixtureBundleTest.BUNDLE.toString()});
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s)[012] \\[.*\\]\\s*"), printed);
    }
}
