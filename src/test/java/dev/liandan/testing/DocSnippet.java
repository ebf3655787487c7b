package dev.liandan.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Java snippet of a documentation page, taken from the page as it is (the fenced block after
 * {@code <!-- marker -->}) and compiled against the test class path, so that the page cannot rot.
 */
public final class DocSnippet {
    private DocSnippet() {
    }

    /** Compiles the snippet after {@code <!-- marker -->} in {@code page} into {@code dir}; returns its class name. */
    public static String compile(Path page, String marker, Path dir) throws IOException {
        String text = Files.readString(page);
        Matcher m = Pattern.compile("<!-- " + Pattern.quote(marker) + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(text);
        assertTrue(m.find(), page + " has the snippet " + marker);
        String source = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the snippet is a class");
        Path file = dir.resolve(cls.group(1) + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        return cls.group(1);
    }
}
