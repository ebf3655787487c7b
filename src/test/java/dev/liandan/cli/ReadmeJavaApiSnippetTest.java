package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "From Java" snippet, taken from the README as it is, compiled and run in a child JVM. */
class ReadmeJavaApiSnippetTest {
    @TempDir
    Path tmp;

    @Test
    void theSnippetCompilesRunsAndPrintsTheBestParameters() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("<!-- java-api-snippet -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has the Java API snippet");
        String source = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the snippet is a class");
        Path file = tmp.resolve(cls.group(1) + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", tmp.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, rc, diagnostics.toString());

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", tmp + File.pathSeparator + System.getProperty("java.class.path"), cls.group(1)));
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertEquals(0, p.waitFor(), Files.readString(out));
        String printed = Files.readString(out).strip();
        assertTrue(printed.matches("(?s).*\\{x=[-0-9.E]+, kind=[ab]}$"), printed);
    }
}
