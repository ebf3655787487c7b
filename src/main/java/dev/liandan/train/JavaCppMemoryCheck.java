package dev.liandan.train;

/**
 * JavaCPP's own physical-memory limit. With a limit, JavaCPP reads the process's resident size at
 * every native allocation, and a training step of a small network makes hundreds of them; reading
 * it was a quarter of the training thread's native time on the digits MLP (bench/RESULTS.md,
 * "Trial speed"). {@link NativeMemoryGuard} bounds the same memory during training, reading the
 * size once every few steps. This class names no DL4J or JavaCPP type, so a program that runs
 * only command trials (no ND4J on its class path) can call it too.
 */
public final class JavaCppMemoryCheck {
    static final String MAX_PHYSICAL = "org.bytedeco.javacpp.maxPhysicalBytes";

    private JavaCppMemoryCheck() {
    }

    /**
     * Turns the check off, unless the user set its limit. Must run before JavaCPP's
     * {@code Pointer} class loads, so before ND4J's first use.
     */
    public static void leaveToGuard() {
        if (System.getProperty(MAX_PHYSICAL) == null) {
            System.setProperty(MAX_PHYSICAL, "0");
        }
    }
}
