package dev.liandan.ensemble;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.liandan.core.UserError;
import dev.liandan.train.FeatureScaler;
import dev.liandan.train.Inference;
import dev.liandan.train.SavedNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An exported ensemble, ready to predict: the members' networks, how they combine, and the input
 * schema that turns raw feature rows into what the networks were trained on.
 *
 * <pre>{@code
 * try (Ensemble ensemble = Ensemble.load(Path.of("results/digits-mlp/ensemble"))) {
 *     String[] labels = ensemble.predict(rows);          // rows: float[n][features], raw values
 *     double[][] proba = ensemble.predictProba(rows);    // [n][classes], in ensemble.labels() order
 * }
 * }</pre>
 *
 * <p>Rows are raw feature values in the order of {@link #features()}; the bundle normalises them
 * with the statistics of the study's training split. The members are {@code MultiLayerNetwork}s or
 * {@code ComputationGraph}s; a bundle of a user's own networks takes each example as one flat row
 * (a {@code [channels, height, width]} image in C order, say), reshapes it to the shape its members
 * read, and normalises it with the DL4J normaliser each member file keeps, if any. One thread at a time (the methods are
 * synchronised); load one instance per thread for parallel use.
 */
public final class Ensemble implements AutoCloseable {
    static final String MANIFEST = "manifest.json";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Manifest manifest;
    private final List<SavedNetwork> networks;
    private final long[] exampleShape;
    private final FeatureScaler scaler;
    private final Method method;
    private final double[] weights;
    private final int[] groups;

    Ensemble(Manifest manifest, List<SavedNetwork> networks) {
        if (networks.size() != manifest.members().size() || networks.isEmpty()) {
            throw new IllegalArgumentException(networks.size() + " networks for " + manifest.members().size() + " members");
        }
        this.manifest = manifest;
        this.networks = List.copyOf(networks);
        this.scaler = manifest.input().scaler();
        this.exampleShape = manifest.input().exampleShape();
        this.method = Method.of(manifest.method());
        this.weights = manifest.members().stream().mapToDouble(Manifest.Member::weight).toArray();
        this.groups = manifest.members().stream()
                .mapToInt(m -> m.group() != null ? m.group() : m.trial()).toArray();
    }

    /** Loads a bundle: its folder, its {@code manifest.json}, or the zip file {@code --zip} wrote. */
    public static Ensemble load(Path path) throws IOException {
        if (Files.isRegularFile(path) && path.getFileName().toString().equals(MANIFEST)) {
            path = path.toAbsolutePath().getParent();
        }
        if (Files.isDirectory(path)) {
            return read(path, path);
        }
        if (!Files.isRegularFile(path)) {
            throw new UserError(path + ": no ensemble bundle (expected a folder with " + MANIFEST + " or a .zip file)");
        }
        FileSystem zip;
        try {
            zip = FileSystems.newFileSystem(path);
        } catch (java.nio.file.ProviderNotFoundException | java.util.zip.ZipException e) {
            throw new UserError(path + ": not an ensemble bundle (neither a folder nor a zip file)");
        }
        // only opening the zip says whether it is one: what goes wrong inside is said of the member
        try (zip) {
            return read(zip.getPath("/"), path);
        }
    }

    private static Ensemble read(Path root, Path shown) throws IOException {
        Path manifestFile = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new UserError(shown + ": no " + MANIFEST + " in the bundle");
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(Files.readAllBytes(manifestFile), Manifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserError(shown + ": " + MANIFEST + " is not a valid manifest: " + e.getOriginalMessage());
        }
        check(manifest, shown);
        List<SavedNetwork> nets = new ArrayList<>();
        try {
            for (Manifest.Member m : manifest.members()) {
                Path file = member(root, m.file(), shown);
                if (!Files.isRegularFile(file)) {
                    throw new UserError(shown + ": member file " + m.file() + " is missing from the bundle");
                }
                nets.add(restore(file, m.file(), shown));
            }
        } catch (IOException | RuntimeException e) {
            nets.forEach(SavedNetwork::close);
            throw e;
        }
        return new Ensemble(manifest, nets);
    }

    /**
     * A member's file inside the bundle: a relative path that stays below its root, also once links
     * are followed. A manifest is data from wherever the bundle came from; it must not make
     * {@code predict} read a file the user did not hand it.
     */
    static Path member(Path root, String name, Path shown) throws IOException {
        UserError outside = new UserError(shown + ": member file " + name + " is outside the bundle: expected a"
                + " relative path inside it (model-0.zip, members/m1.zip)");
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains(":")) {
            throw outside;
        }
        Path relative = root.getFileSystem().getPath(name);
        if (relative.isAbsolute()) {
            throw outside;
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw outside;
            }
        }
        Path file = root.resolve(relative).normalize();
        if (Files.exists(file) && !file.toRealPath().startsWith(root.toRealPath())) {
            throw outside; // a link that leads out of the bundle
        }
        return file;
    }

    /** One member's network; a file that is no DL4J model (corrupt, truncated, empty) is a user error naming it. */
    private static SavedNetwork restore(Path file, String name, Path shown) throws IOException {
        try {
            return SavedNetwork.read(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("");
            throw new UserError(shown + ": member file " + name + " is not a readable DL4J model ("
                    + (Files.size(file) == 0 ? "an empty file" : why) + ")");
        }
    }

    private static void check(Manifest m, Path shown) {
        if (m.format() == null || !m.format().startsWith("liandan-ensemble/")) {
            throw new UserError(shown + ": " + MANIFEST + " is not a liandan ensemble manifest (format " + m.format() + ")");
        }
        if (!Manifest.FORMAT.equals(m.format())) {
            throw new UserError(shown + ": bundle format " + m.format() + " is not readable by this liandan (reads "
                    + Manifest.FORMAT + ")");
        }
        if (m.regression() && (m.target() == null || !(m.target().std() > 0))) {
            throw new UserError(shown + ": " + MANIFEST + " is a regression bundle without its target's mean and std");
        }
        if (m.members() == null || m.members().isEmpty() || m.labels() == null || m.input() == null
                || m.input().features() == null || m.method() == null) {
            throw new UserError(shown + ": " + MANIFEST + " lacks members, labels, input or method");
        }
        Manifest.Input in = m.input();
        boolean statistics = in.mean() != null && in.std() != null && in.min() != null && in.max() != null;
        if (in.normalization() == null || !statistics && !"none".equals(in.normalization())) {
            throw new UserError(shown + ": " + MANIFEST + ": its input lacks the normalisation or its statistics");
        }
        if (in.shape() != null && (in.shape().isEmpty() || in.shape().stream().anyMatch(v -> v == null || v < 1)
                || in.shape().stream().reduce(1L, Math::multiplyExact) != in.features().size())) {
            throw new UserError(shown + ": " + MANIFEST + ": its input shape " + in.shape() + " does not hold its "
                    + in.features().size() + " features");
        }
        for (Manifest.Member member : m.members()) {
            if (member.file() == null || member.weight() == null || !(member.weight() >= 0)) {
                throw new UserError(shown + ": " + MANIFEST + ": member of trial " + member.trial()
                        + " lacks its file or a weight >= 0");
            }
        }
        Method.of(m.method());
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Class names; column {@code c} of {@link #predictProba} is {@code labels().get(c)}. */
    public List<String> labels() {
        return manifest.labels();
    }

    /** Feature names, in the order a row's values must come. */
    public List<String> features() {
        return manifest.input().features();
    }

    /** True for a bundle that predicts numbers ({@link #predictValues}) rather than labels. */
    public boolean regression() {
        return manifest.regression();
    }

    /**
     * A regression bundle's predictions for raw rows, in the target's units: the members' outputs
     * combined with their weights (hierarchical: averaged within each configuration, then across).
     */
    public synchronized double[] predictValues(double[][] rows) {
        if (!regression()) {
            throw new IllegalStateException("a classification bundle predicts labels, not numbers");
        }
        List<double[][]> outputs = memberProbabilities(normalise(rows), rows.length);
        double[] y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double z = 0;
            for (int m = 0; m < outputs.size(); m++) {
                z += weights[m] * outputs.get(m)[i][0];
            }
            y[i] = z * manifest.target().std() + manifest.target().mean();
        }
        return y;
    }

    /** The most likely label of each raw row. */
    public String[] predict(float[][] rows) {
        return names(predictClasses(widen(rows)));
    }

    /** Class probabilities of each raw row (vote shares for hard_vote and hierarchical bundles). */
    public double[][] predictProba(float[][] rows) {
        return predictProba(widen(rows));
    }

    public String[] predict(double[][] rows) {
        return names(predictClasses(rows));
    }

    /** Class indices into {@link #labels()} of each raw row. */
    public synchronized int[] predictClasses(double[][] rows) {
        return Combination.labels(method, memberProbabilities(normalise(rows), rows.length), weights, groups);
    }

    public synchronized double[][] predictProba(double[][] rows) {
        return Combination.proba(method, memberProbabilities(normalise(rows), rows.length), weights, groups);
    }

    /** Each member's probabilities of already normalised rows ({@code n * features} floats, row-major). */
    synchronized List<double[][]> memberProbabilities(float[] x, int n) {
        List<double[][]> out = new ArrayList<>();
        for (SavedNetwork net : networks) {
            out.add(rows(net.probabilities(x, n, features().size(), exampleShape), n));
        }
        return out;
    }

    /** A network's softmax outputs in inference mode, widened to double. */
    static double[][] probabilities(MultiLayerNetwork net, float[] x, int n, int d) {
        if (n == 0) {
            return new double[0][];
        }
        return rows(Inference.probabilities(net, x, n, d), n);
    }

    /** Row-major {@code [n, k]} floats as {@code n} rows of doubles. */
    static double[][] rows(float[] flat, int n) {
        if (n == 0) {
            return new double[0][];
        }
        int k = flat.length / n;
        double[][] p = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                p[i][c] = flat[i * k + c];
            }
        }
        return p;
    }

    private float[] normalise(double[][] rows) {
        int d = features().size();
        float[] x = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, the ensemble reads "
                        + d + " features");
            }
            System.arraycopy(scaler.transform(rows[i]), 0, x, i * d, d);
        }
        return x;
    }

    private static double[][] widen(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                out[i][j] = rows[i][j];
            }
        }
        return out;
    }

    private String[] names(int[] classes) {
        String[] out = new String[classes.length];
        for (int i = 0; i < classes.length; i++) {
            out[i] = labels().get(classes[i]);
        }
        return out;
    }

    /** Frees the networks' native memory. */
    @Override
    public synchronized void close() {
        networks.forEach(SavedNetwork::close);
    }
}
