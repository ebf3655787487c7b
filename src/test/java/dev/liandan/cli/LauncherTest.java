package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/liandan}, the POSIX shell launcher, run as a child process in both layouts it knows:
 * the unpacked archive ({@code liandan.jar} and {@code lib/} beside {@code bin/}) and the source
 * tree after {@code mvn package} ({@code target/liandan.jar}, {@code target/lib/}). The jar is
 * built here as {@code mvn package} builds it: a manifest with the main class and a class path
 * of {@code lib/} entries, which here link to this test run's own classes and jars.
 */
class LauncherTest {
    private static final Path SCRIPT = Path.of("bin", "liandan");

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    @Test
    void theArchiveLayoutRunsHelpAndVersion() throws Exception {
        Path home = layout(tmp.resolve("liandan-1.0"), "");
        Run help = run(home.resolve("bin/liandan"), Map.of(), "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Usage: liandan"), help.out());
        assertTrue(help.out().contains("sweep"), help.out());
    }

    @Test
    void theSourceTreeLayoutValidatesTheShippedExample() throws Exception {
        Path home = layout(tmp.resolve("checkout"), "target");
        Path example = Path.of("search-spaces", "digits-mlp.yaml").toAbsolutePath();
        Run ok = run(home.resolve("bin/liandan"), Map.of(), "validate", example.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("ok — study 'digits-mlp'"), ok.out());

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "study: x\nparams:\n  lr: {float: [1, 0]}\n");
        Run refused = run(home.resolve("bin/liandan"), Map.of(), "validate", bad.toString());
        assertEquals(2, refused.code(), refused.out());
        assertTrue(refused.err().startsWith("liandan: " + bad), refused.err());
    }

    @Test
    void aLinkOnThePathFindsTheJarAndJvmOptionsPassThroughLiandanOpts() throws Exception {
        Path home = layout(tmp.resolve("opt/liandan"), "");
        Path onPath = Files.createDirectories(tmp.resolve("somewhere/bin"));
        Files.createSymbolicLink(onPath.resolve("liandan"), home.resolve("bin/liandan"));
        Run run = run(Path.of("/bin/sh"), Map.of(
                        "PATH", onPath + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                        "LIANDAN_OPTS", "-Dliandan.launcher.check=passed -XshowSettings:properties"),
                "-c", "liandan --version");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("liandan "), run.out());
        assertTrue(run.err().contains("liandan.launcher.check = passed"), run.err());
    }

    @Test
    void withoutAJarItSaysHowToBuildOne() throws Exception {
        Path home = tmp.resolve("empty");
        Files.createDirectories(home.resolve("bin"));
        Path script = Files.copy(SCRIPT, home.resolve("bin/liandan"));
        script.toFile().setExecutable(true);
        Run run = run(script, Map.of(), "--help");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("mvn -B -ntp package -DskipTests"), run.err());
    }

    /** {@code home/bin/liandan} plus {@code home/<jarDir>/liandan.jar} with {@code lib/} beside it. */
    private Path layout(Path home, String jarDir) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Path script = Files.copy(SCRIPT, home.resolve("bin/liandan"));
        assertTrue(script.toFile().setExecutable(true));
        Path jarHome = Files.createDirectories(home.resolve(jarDir));
        Path lib = Files.createDirectories(jarHome.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        for (int i = 0; i < entries.length; i++) {
            Path entry = Path.of(entries[i]).toAbsolutePath();
            boolean dir = Files.isDirectory(entry);
            String name = "cp" + i + (dir ? "" : ".jar");
            Files.createSymbolicLink(lib.resolve(name), entry);
            classPath.add("lib/" + name + (dir ? "/" : ""));
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream out = Files.newOutputStream(jarHome.resolve("liandan.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return home;
    }

    private Run run(Path program, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("LIANDAN_OPTS");
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        return new Run(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
