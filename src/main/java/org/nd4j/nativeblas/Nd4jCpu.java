package org.nd4j.nativeblas;

/**
 * The name under which DL4J 1.0.0-M2.1's layers look for ND4J's oneDNN switch.
 *
 * <p>{@code BaseMKLDNNHelper.mklDnnEnabled()} in deeplearning4j-nn M2.1 asks, by reflection,
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}: the class and
 * method of releases before M1. In M2.1 ND4J's class is
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method
 * {@code isUseONEDNN()}, so the lookup fails and the convolution, batch-normalisation, pooling,
 * LRN and LSTM layers never use their oneDNN helpers, even with the oneDNN build of ND4J. This
 * class answers that lookup from the real environment, and only where the native library was
 * built with oneDNN. {@link dev.liandan.train.LayerHelpers} lets DL4J create the helpers at all.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** What {@code BaseMKLDNNHelper} calls. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();
        private static volatile Boolean oneDnnBuild;

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** True when ND4J's native library has oneDNN and its oneDNN switch is on. */
        public boolean isUseMKLDNN() {
            if (oneDnnBuild == null) {
                oneDnnBuild = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
            }
            return oneDnnBuild
                    && org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
