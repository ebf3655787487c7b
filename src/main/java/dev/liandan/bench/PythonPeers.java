package dev.liandan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the benches' Python peers (PyTorch, Optuna) share: checking that one can run here, and reading its output. */
final class PythonPeers {
    private PythonPeers() {
    }

    /**
     * Why {@code script} cannot run under {@code python} here, or empty when it can: the script is
     * there and {@code python} imports {@code module}.
     *
     * @param peer         the peer's name in messages, e.g. {@code PyTorch}
     * @param scriptOption the option that names another script, e.g. {@code --torch-script}
     * @param debianPackage the package that provides {@code module}
     */
    static Optional<String> missing(String python, Path script, String module, String peer, String scriptOption,
                                    String debianPackage) {
        if (!Files.isRegularFile(script)) {
            return Optional.of("the " + peer + " peer " + script + " is missing (run the bench from the project folder"
                    + " or pass " + scriptOption + ")");
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true).start();
            String text = output(p);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of(python + " cannot import " + module + " (Debian: apt-get install " + debianPackage
                        + "; or pass --python): " + lastLine(text));
            }
        } catch (IOException e) {
            return Optional.of("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    /** Everything the process wrote (standard output and error, when redirected together), trimmed. */
    static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    static String lastLine(String text) {
        String[] lines = text.split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
