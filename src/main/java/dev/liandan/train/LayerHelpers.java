package dev.liandan.train;

/**
 * Lets DL4J give its layers their native helpers. DL4J 1.0.0-M2.1 creates no layer helper unless
 * the system property {@value #DISABLE} is {@code false} (its default is {@code true}), so its
 * convolution, batch-normalisation and pooling layers run their own im2col and element-wise code
 * op by op. With the helpers and ND4J's oneDNN build, each of these layers is one oneDNN call
 * forward and one backward: a CNN epoch took about a third of the CPU time (bench/RESULTS.md,
 * "Trial speed"). {@code org.nd4j.nativeblas.Nd4jCpu} repairs DL4J's check for oneDNN. This class
 * names no DL4J type, so the command line can call it before ND4J loads.
 */
public final class LayerHelpers {
    static final String DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    private LayerHelpers() {
    }

    /** Allows the helpers, unless the user set {@value #DISABLE}. DL4J reads it when it builds each layer. */
    public static void allow() {
        if (System.getProperty(DISABLE) == null) {
            System.setProperty(DISABLE, "false");
        }
    }
}
