package dev.liandan.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example project {@code examples/java-api/} compiled against this build's classes and run,
 * so that it cannot rot; and its define-by-run study held to at most 15 lines of user code.
 */
class JavaApiExampleTest {
    static final Path SOURCES = Path.of("examples/java-api/src/main/java");

    @TempDir
    Path dir;

    @Test
    void theDefineByRunStudyIsAtMostFifteenLines() throws Exception {
        List<String> lines = Files.readAllLines(SOURCES.resolve("example/DefineByRun.java"));
        int start = lines.indexOf("        // study:start");
        int end = lines.indexOf("        // study:end");
        assertTrue(start >= 0 && end > start, "markers around the study");
        long code = lines.subList(start + 1, end).stream().filter(l -> !l.isBlank()).count();
        assertTrue(code <= 15, code + " lines");
    }

    @Test
    void theExamplesCompileAgainstTheLibraryAndRun() throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertEquals(0, code, errors.toString(StandardCharsets.UTF_8));

        String cp = classes + File.pathSeparator + System.getProperty("java.class.path");
        String out = run(cp, "example.DefineByRun");
        assertTrue(out.startsWith("define-by-run: best {x="), out);

        String data = Path.of("data").toAbsolutePath().toString();
        String own = run(cp, "example.OwnResNet", "2", "1", "600", data, dir.resolve("results").toString());
        assertTrue(own.startsWith("own network: best "), own);
        assertTrue(Files.isRegularFile(dir.resolve("results/mnist-resnet/trials/0/model.zip")), own);
        assertTrue(Files.isRegularFile(dir.resolve("results/mnist-resnet/trials/0/val_predictions.csv")), own);
        assertTrue(Files.isRegularFile(dir.resolve("results/mnist-resnet/ensemble/manifest.json")), own);
        assertTrue(own.lines().anyMatch(l -> l.matches("ensemble in .*: the first validation images are( [0-9]){5}")), own);
    }

    private String run(String classPath, String main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath, main));
        command.addAll(List.of(args));
        Path log = dir.resolve(main + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), main + " ends");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
