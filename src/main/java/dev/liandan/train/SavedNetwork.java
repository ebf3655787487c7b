package dev.liandan.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A trained network as DL4J's {@code ModelSerializer} keeps it: a {@link MultiLayerNetwork} or a
 * {@link ComputationGraph}, told apart by the configuration the file holds (a graph's has
 * {@code vertices}), with the DL4J normaliser saved beside it ({@code normalizer.bin}) when its
 * inputs were normalised by one. Closing it frees the network's native memory.
 *
 * @param net        the network
 * @param normalizer what turns raw inputs into the network's, or null when it reads them as they are
 */
public record SavedNetwork(Model net, DataNormalization normalizer) implements AutoCloseable {
    static {
        // a restored CNN's layers get their oneDNN helpers as a trained one's do
        LayerHelpers.allow();
    }

    private static final String CONFIGURATION = "configuration.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SavedNetwork {
        if (!(net instanceof MultiLayerNetwork) && !(net instanceof ComputationGraph)) {
            throw new IllegalArgumentException("a MultiLayerNetwork or a ComputationGraph, not " + net.getClass().getName());
        }
    }

    /** Reads a model file (no updater state). */
    public static SavedNetwork read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    /** Reads the bytes of a model file (no updater state). */
    public static SavedNetwork read(byte[] zip) throws IOException {
        Normalizer<?> normalizer = ModelSerializer.restoreNormalizerFromInputStream(new ByteArrayInputStream(zip));
        if (normalizer != null && !(normalizer instanceof DataNormalization)) {
            throw new IOException("its normaliser is a " + normalizer.getClass().getSimpleName()
                    + ", not one of a single-input network");
        }
        Model net = isGraph(zip) ? ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), false)
                : ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false);
        return new SavedNetwork(net, (DataNormalization) normalizer);
    }

    private static boolean isGraph(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(CONFIGURATION)) {
                    JsonNode conf = JSON.readTree((InputStream) in);
                    return conf != null && conf.has("vertices");
                }
            }
        }
        throw new IOException("no " + CONFIGURATION + " in it");
    }

    /** Writes the network (without updater state: it predicts, it does not resume training) and its normaliser. */
    public void write(Path file) throws IOException {
        ModelSerializer.writeModel(net, file.toFile(), false);
        if (normalizer != null) {
            // added afterwards: writeModel(..., normalizer) of DL4J 1.0.0-M2.1 fails writing it ("stream is closed")
            ModelSerializer.addNormalizerToModel(file.toFile(), normalizer);
        }
    }

    /**
     * Class probabilities (or a regression's outputs) in inference mode of {@code n} raw rows of
     * {@code d} values ({@code x} row-major), each reshaped to {@code exampleShape} (null: {@code [d]})
     * and normalised by {@link #normalizer} first.
     */
    public float[] probabilities(float[] x, int n, int d, long[] exampleShape) {
        return Inference.probabilities(net, x, n, exampleShape == null ? new long[]{d} : exampleShape, normalizer);
    }

    @Override
    public void close() {
        if (net instanceof MultiLayerNetwork m) {
            m.close();
        } else {
            ((ComputationGraph) net).close();
        }
    }
}
