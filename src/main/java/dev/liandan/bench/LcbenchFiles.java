package dev.liandan.bench;

import dev.liandan.core.UserError;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the LCBench surrogate lives and whether it can be opened, checked without touching ONNX
 * Runtime: a build without {@code -Plcbench} has no ONNX Runtime, and a class that names its
 * types (as {@link LcbenchSurrogate} does) cannot even be loaded there.
 */
public final class LcbenchFiles {
    /** The folder below the project root's parent where CI and the shared machine keep the surrogate. */
    public static final Path DEFAULT_RELATIVE = Path.of("shared", "benchmarks", "yahpo-lcbench");

    private LcbenchFiles() {
    }

    /** The surrogate's folder beside the project: {@code <project root>/../shared/benchmarks/yahpo-lcbench}. */
    public static Path defaultDir(Path projectRoot) {
        Path parent = projectRoot.toAbsolutePath().normalize().getParent();
        return (parent == null ? projectRoot : parent).resolve(DEFAULT_RELATIVE);
    }

    /** A user error unless {@code dir} holds {@code model.onnx} and ONNX Runtime is on the class path. */
    public static void check(Path dir) {
        if (!Files.isRegularFile(dir.resolve("model.onnx"))) {
            throw new UserError("no LCBench surrogate at " + dir + ": expected model.onnx there (YAHPO Gym's "
                    + "lcbench folder; see docs/multi-fidelity.md), or name the folder with --surrogate");
        }
        if (!onnxRuntimePresent()) {
            throw new UserError("the LCBench surrogate needs ONNX Runtime, which this build leaves out:"
                    + " build with 'mvn -Plcbench package' (see docs/multi-fidelity.md)");
        }
    }

    /** Whether ONNX Runtime is on the class path (it is with {@code -Plcbench}, and in tests). */
    public static boolean onnxRuntimePresent() {
        try {
            Class.forName("ai.onnxruntime.OrtEnvironment", false, LcbenchFiles.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
