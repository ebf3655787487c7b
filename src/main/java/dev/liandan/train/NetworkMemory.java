package dev.liandan.train;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees a finished trial's network now. {@link MultiLayerNetwork#close()} frees the same arrays but
 * then destroys the thread's workspaces and runs two full garbage collections ({@code System.gc()}
 * twice): 0.2–0.4 s per trial on a 2-core machine, the next trial rebuilding the workspaces again.
 * A worker trains trial after trial on one thread, so the workspaces are kept for the next one.
 */
final class NetworkMemory {
    private NetworkMemory() {
    }

    /** Closes the parameters, the gradients and the updater's state of {@code net}, which is unusable after. */
    static void release(MultiLayerNetwork net) {
        close(net.params());
        close(net.getFlattenedGradients());
        Updater updater = net.getUpdater(false);
        if (updater != null) {
            close(updater.getStateViewArray());
        }
    }

    private static void close(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }
}
