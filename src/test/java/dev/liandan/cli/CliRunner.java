package dev.liandan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real CLI, in this JVM or as a child process, for end-to-end tests. */
final class CliRunner {
    private CliRunner() {
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * The child's SIGINT back to its default, whatever this JVM inherited: a test run from a
     * background job of a non-interactive shell has SIGINT ignored, a child would inherit that, and
     * Ctrl-C tests (kill -INT) would then test nothing the user sees. GNU env resets it and execs
     * the program (same pid); where env cannot, the child inherits this JVM's disposition.
     */
    static final List<String> DEFAULT_SIGINT = defaultSigint();

    private static List<String> defaultSigint() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Starts {@code liandan args...} in a child JVM with the test class path; output goes to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        return start(System.getProperty("java.class.path"), log, args);
    }

    /** As {@link #start(Path, String...)}, on the class path {@code classPath}. */
    static Process start(String classPath, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(DEFAULT_SIGINT);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp", classPath,
                "dev.liandan.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** As {@link #space(Path, String, int)}, also setting TRIALS. */
    static Path space(Path dir, String resource, int epochs, int trials) throws IOException {
        Path file = space(dir, resource, epochs);
        Files.writeString(file, Files.readString(file).replace("TRIALS", Integer.toString(trials)));
        return file;
    }

    /** Copies a test space file into {@code dir}, pointing it at the shipped data and setting the epochs. */
    static Path space(Path dir, String resource, int epochs) throws IOException {
        String text;
        try (var in = CliRunner.class.getResourceAsStream("/spaces/" + resource)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        text = text.replace("DATA_DIR", Path.of("data").toAbsolutePath().toString())
                .replace("EPOCHS", Integer.toString(epochs));
        Path file = dir.resolve(resource);
        Files.writeString(file, text);
        return file;
    }
}
