package dev.liandan.train;

import org.nd4j.linalg.factory.Nd4j;

import java.util.Optional;

/** Which ND4J backend trains, and the one line to print when a GPU build found no usable GPU. */
public final class Devices {
    private Devices() {
    }

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
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /**
     * "no usable GPU (...): training on the CPU" when this is a CUDA build that fell back to the
     * CPU backend (no GPU, an unsupported one such as Hopper, or missing CUDA 11.6 libraries);
     * empty otherwise, so a plain CPU build prints nothing.
     */
    public static Optional<String> fallbackNotice() {
        if (cudaBuild() && !backend().contains("Cublas")) {
            return Optional.of("liandan: no usable GPU (CUDA 11.6 build, supported up to sm_86): training on the CPU");
        }
        return Optional.empty();
    }
}
