package dev.liandan.train;

import dev.liandan.study.LocalWorkers;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many CPU threads one trial's training uses, chosen from the network's size.
 *
 * <p>ND4J's CPU backend runs every op, however small, as an OpenMP parallel region over all
 * cores, and OpenBLAS does the same for each matrix product. For a small network each op takes a
 * few microseconds, so the threads' start and join cost more than they save, and on a machine
 * whose cores are busy (other trials, other programs) a parallel region waits for a thread that
 * is not running: the digits MLP (64-128-128-10, batch 32) trained 2.5–10× slower with one thread
 * per core than with one thread in all (bench/RESULTS.md, "Trial speed"). Only when a step's
 * matrix products are large does a second thread pay. So a trial gets one thread unless its step
 * has at least {@value #MACS_PER_THREAD} multiply-adds per thread, and never more than its
 * process was given: {@code OMP_NUM_THREADS} when set (a local worker's share of the cores), else
 * every core.
 */
public final class TrialThreads {
    /**
     * Multiply-adds of one training step (forward and backward) that one thread is given, at least.
     * Measured on a 2-core machine (bench/RESULTS.md, "Trial speed"): a second thread was slower
     * than one for the mid-size MLP of {@code liandan bench trial} (0.51 G multiply-adds per step)
     * and for the wide one (1.43 G), so a second thread comes from 2 G per step, above anything
     * measured to pay.
     */
    public static final long MACS_PER_THREAD = 1_000_000_000L;

    private TrialThreads() {
    }

    /** Threads for a step of {@code macsPerStep} multiply-adds when {@code available} may be used: at least 1. */
    public static int choose(long macsPerStep, int available) {
        long wanted = Math.max(1, macsPerStep / MACS_PER_THREAD);
        return (int) Math.max(1, Math.min(wanted, available));
    }

    /** The threads this process may use: {@code OMP_NUM_THREADS} when it is a positive number, else every core. */
    public static int available() {
        return LocalWorkers.cores();
    }

    /**
     * Multiply-adds of one training step of the network {@code cfg} describes on {@code data}: three
     * matrix products per weight (forward, gradient of the input, gradient of the weight), counted
     * per row of the batch; a convolution's weights count once per output pixel.
     */
    public static long macsPerStep(TrialConfig cfg, int features, int classes, int[] imageShape) {
        long perRow;
        int units = cfg.model().units();
        if ("cnn".equals(cfg.model().type()) && imageShape != null) {
            int h = imageShape[0];
            int w = imageShape[1];
            long in = imageShape[2];
            long filters = cfg.cnn().filters();
            long k2 = (long) cfg.cnn().kernelSize() * cfg.cnn().kernelSize();
            perRow = 0;
            long last = filters;
            for (int b = 0; b < cfg.cnn().convLayers(); b++) {
                perRow += (long) h * w * k2 * in * filters;
                in = filters;
                last = filters;
                if (h >= 2 && w >= 2) {
                    h /= 2;
                    w /= 2;
                }
                filters = Math.min(4096, filters * 2);
            }
            perRow += dense((long) h * w * last, cfg.model().hiddenLayers(), units, classes);
        } else if ("rnn".equals(cfg.model().type())) {
            long hidden = cfg.rnn().hiddenSize();
            long embed = cfg.rnn().embeddingSize();
            int steps = cfg.rnn().sequenceLength() > 0 ? cfg.rnn().sequenceLength() : (int) Math.max(1, Math.round(Math.sqrt(features)));
            long gates = 4 * hidden * (embed + hidden) + 4 * hidden * hidden * (cfg.rnn().rnnLayers() - 1L) * 2;
            perRow = steps * ((long) (features / Math.max(1, steps)) * embed + gates) + hidden * classes;
        } else {
            perRow = dense(features, cfg.model().hiddenLayers(), units, classes);
        }
        return 3 * perRow * cfg.training().batchSize();
    }

    private static long dense(long in, int hiddenLayers, long units, long classes) {
        long macs = 0;
        for (int l = 0; l < hiddenLayers; l++) {
            macs += in * units;
            in = units;
        }
        return macs + in * classes;
    }

    /**
     * Makes ND4J use {@code threads} from now on, for ops started by the calling thread: its own
     * thread pool, OpenBLAS's, and OpenMP's team size (which the calling thread carries, and on
     * which oneDNN's convolutions and large dense layers' products run).
     */
    public static void apply(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }
}
