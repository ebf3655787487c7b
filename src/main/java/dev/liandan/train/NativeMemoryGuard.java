package dev.liandan.train;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Runs the garbage collector during training when the process's resident memory has grown by
 * {@value #HEADROOM_MB} MB since the last collection. ND4J (CPU backend, 1.0.0-M2.1) allocates the
 * buffers of many training-step arrays outside the workspaces and frees them only when their Java
 * objects are collected; those objects are tiny, so the heap fills slowly and collections are rare,
 * while their native buffers pile up (a small MNIST CNN at batch 64: about 40 MB a second, measured
 * with JavaCPP's {@link Pointer#physicalBytes()}, which counts them; JavaCPP's own accounting,
 * {@link Pointer#totalBytes()}, stays at 0 and never triggers a collection). A process past JavaCPP's
 * physical-memory limit (4 GB at {@code -Xmx1g}) fails its next allocation: in a sweep of 16 such
 * CNNs followed by retrained ensemble members, every retraining failed that way. Collecting when
 * the memory has grown keeps a trial to about heap + headroom; the level after a collection is the
 * new base, so memory the C allocator keeps does not cause a collection at every check.
 */
public final class NativeMemoryGuard extends BaseTrainingListener {
    static final long HEADROOM_MB = 512;
    /** Checked every this many iterations: reading the resident size costs a few microseconds. */
    static final int EVERY = 8;

    /** JavaCPP's own physical-memory limit, checked at every native allocation unless set to 0. */
    static final String JAVACPP_MAX_PHYSICAL = "org.bytedeco.javacpp.maxPhysicalBytes";

    /**
     * Turns off JavaCPP's physical-memory check, unless the user set its limit: with a limit, JavaCPP
     * reads the process's resident size at every native allocation, and a training step of a small
     * network makes hundreds of them; reading it was a quarter of the training thread's native time
     * on the digits MLP (bench/RESULTS.md, "Trial speed"). This guard bounds the same memory during
     * training, reading the size once every {@value #EVERY} steps. Must run before JavaCPP's
     * {@code Pointer} class loads, so before ND4J's first use.
     */
    public static void replaceJavaCppCheck() {
        if (System.getProperty(JAVACPP_MAX_PHYSICAL) == null) {
            System.setProperty(JAVACPP_MAX_PHYSICAL, "0");
        }
    }

    private final long headroomBytes;
    private long base = Pointer.physicalBytes();
    private int iterations;
    private int collections;

    NativeMemoryGuard() {
        this(HEADROOM_MB << 20);
    }

    NativeMemoryGuard(long headroomBytes) {
        this.headroomBytes = headroomBytes;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (++iterations % EVERY != 0) {
            return;
        }
        if (Pointer.physicalBytes() > base + headroomBytes) {
            System.gc();
            collections++;
            base = Pointer.physicalBytes();
        }
    }

    /** Collections triggered so far. */
    int collections() {
        return collections;
    }
}
