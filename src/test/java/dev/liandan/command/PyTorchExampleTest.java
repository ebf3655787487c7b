package dev.liandan.command;

import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped PyTorch example stays valid: its space file parses and picks the command backend,
 * and train.py compiles. (PyTorch itself is not installed where the tests run, so the script is
 * not run here.)
 */
class PyTorchExampleTest {
    @Test
    void theSpaceFileParsesIntoACommandTrial() {
        StudySpec spec = SpaceFileParser.parse(Path.of("examples/pytorch/digits-torch.yaml"));
        assertEquals(List.of("python3", "train.py", "--epochs", "{epochs}", "--workers", "{workers}"),
                spec.trial().command());
        assertEquals(Path.of("examples/pytorch").toAbsolutePath(), spec.trial().workdir());
        assertEquals("val_accuracy", spec.objective().metric());
        assertTrue(Backends.forSpec(spec) instanceof CommandBackend);
    }

    @Test
    void trainPyCompiles(@TempDir Path out) throws Exception {
        Process p = new ProcessBuilder("python3", "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                "examples/pytorch/train.py", out.resolve("train.pyc").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
    }
}
