package dev.liandan.train;

import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Which ND4J backend trains, and the one line to print when a GPU build found no usable GPU. */
public final class Devices {
    private Devices() {
    }

    static final String CPU_FALLBACK = "liandan: no usable GPU (CUDA 11.6 build, supported up to sm_86): training on the CPU";

    /** True when the CUDA backend's classes are on the class path (the {@code cuda} Maven profile). */
    static boolean cudaBuild() {
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, Devices.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The backend ND4J chose, such as "CpuBackend" or "JCublasBackend". */
    public static String backend() {
        if (cudaBuild()) {
            initQuietly();
        }
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    private static boolean initialised;

    /**
     * Loads ND4J's backend with {@code System.err} held back: on a host without a GPU or CUDA
     * libraries, ND4J's CUDA probe prints the stack trace of an {@code UnsatisfiedLinkError}
     * ({@code libcuda.so.1: cannot open shared object file}, 30 lines) before it falls back to the
     * CPU, where the user should see one line. What was held back is printed after all when the
     * CUDA backend loaded, or the load failed.
     */
    private static synchronized void initQuietly() {
        if (initialised) {
            return;
        }
        initialised = true;
        PrintStream err = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        boolean cpu = false;
        try {
            System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
            cpu = !Nd4j.getBackend().getClass().getSimpleName().contains("Cublas");
        } finally {
            System.setErr(err);
            if (!cpu) {
                err.print(held.toString(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * {@value #CPU_FALLBACK} when this is a CUDA build that fell back to the CPU backend (no GPU,
     * an unsupported one such as Hopper, or missing CUDA 11.6 libraries); empty otherwise, so a
     * plain CPU build prints nothing.
     */
    public static Optional<String> fallbackNotice() {
        return notice(cudaBuild(), backend());
    }

    /** The notice for a build with or without the CUDA backend that ended up on {@code backend}. */
    static Optional<String> notice(boolean cudaBuild, String backend) {
        return cudaBuild && !backend.contains("Cublas") ? Optional.of(CPU_FALLBACK) : Optional.empty();
    }
}
