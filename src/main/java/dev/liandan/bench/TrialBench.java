package dev.liandan.bench;

import dev.liandan.core.Direction;
import dev.liandan.space.DataSpec;
import dev.liandan.space.Objective;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.Space;
import dev.liandan.space.StudySpec;
import dev.liandan.study.TrialOutcome;
import dev.liandan.study.TrialRequest;
import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;
import dev.liandan.train.Dl4jBackend;
import dev.liandan.train.Inference;
import dev.liandan.train.Split;
import dev.liandan.train.TrialConfig;
import dev.liandan.train.TrialThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One trial's speed, the dl4j backend beside PyTorch on the same network, data, batch and epochs.
 *
 * <p>Each engine trains whole trials (validation after every epoch, the best epoch's model kept,
 * model and predictions written at the end) inside a running process: ND4J or torch already
 * loaded, the data already read, one warm-up trial before anything is timed. A trial of
 * {@code longEpochs} and one of {@code shortEpochs} give the time per epoch from their difference,
 * so start-up cancels, and the fixed cost per trial as what is left of the short one. The two
 * engines alternate, repeat after repeat, so a change in the machine's load touches both.
 *
 * <p>Each figure is also set against the machine's GEMM limit at the network's shapes: the
 * matrix products an epoch of a trial cannot do without, timed alone in the same run by both
 * engines' BLAS, the faster of the two taken for each. Per weight and training step: forward,
 * gradient of the weight, and gradient of the input except for the first layer (nothing reads
 * the gradient of the data); a convolution as its im2col product. Per epoch also the validation
 * pass: the forward products over the validation rows, in passes of
 * {@value Inference#ROWS_PER_PASS} rows as the trial makes them.
 */
public final class TrialBench {

    /** A network to time: a dl4j trial's params on a data set, and the epochs of the short and long trial. */
    public record Workload(String name, String title, DataSpec data, Map<String, Object> params, int shortEpochs,
                           int longEpochs, int[] imageShape) {
        int batch() {
            return ((Number) params.get("batch_size")).intValue();
        }
    }

    /** A matrix product {@code [m, k] x [k, n]}, done {@code perEpoch} times in an epoch of a trial. */
    public record Gemm(int m, int k, int n, double perEpoch) {
        double flops() {
            return 2.0 * m * k * n;
        }

        @Override
        public String toString() {
            return m + "," + k + "," + n;
        }
    }

    /**
     * Wall seconds of one trial, the CPU seconds its process spent meanwhile (all threads: a busy
     * machine stretches the first, hardly the second), its validation accuracy, and the wall
     * seconds from its start to the end of its first training step (NaN when not measured).
     */
    public record Timed(double seconds, double cpuSeconds, double valAccuracy, double firstStepS) {
        public Timed(double seconds, double cpuSeconds, double valAccuracy) {
            this(seconds, cpuSeconds, valAccuracy, Double.NaN);
        }
    }

    /**
     * One engine's figures, medians over the repeats: per-epoch and fixed seconds, the same in CPU
     * seconds, accuracy of the long trial, start to the end of the first step of the short trial.
     */
    public record Figures(double epochS, double fixedS, double epochCpuS, double fixedCpuS, double valAccuracy, int repeats,
                          double firstStepS) {
    }

    /** One workload's row: both engines, the GEMM limit's epoch, the threads each used. */
    public record Row(Workload workload, int threads, Figures dl4j, Figures torch, double gemmEpochS, String torchNote) {
        double ratio() {
            return torch == null ? Double.NaN : dl4j.epochS() / torch.epochS();
        }
    }

    /**
     * @param names    workloads to run, by {@link Workload#name()}
     * @param repeats  alternated repeats of each engine; medians are reported
     * @param threads  threads for both engines, or null for the engine's automatic choice for each network
     * @param torch    the PyTorch peer, or null to time dl4j alone
     * @param work     a scratch folder for artifacts and the exported splits
     */
    public record Options(List<String> names, int repeats, Integer threads, TorchPeer torch, Path dataDir, Path work) {
    }

    private TrialBench() {
    }

    /** Runs the bench; {@code progress} hears one line per trial. */
    public static List<Row> run(Options o, Consumer<String> progress) throws IOException, InterruptedException {
        String missing = o.torch() == null ? "PyTorch peer not run" : o.torch().missing().orElse(null);
        List<Row> rows = new ArrayList<>();
        for (Workload w : workloads(o.dataDir())) {
            if (!o.names().contains(w.name())) {
                continue;
            }
            Dataset data = Datasets.load(w.data());
            int threads = o.threads() != null ? o.threads() : dl4jThreads(w, data);
            Path dataDir = o.work().resolve(w.name()).resolve("data");
            export(data, dataDir);
            List<Gemm> shapes = gemms(w, data);
            // the GEMM limit is timed on the trial's threads
            TrialThreads.apply(threads);
            Path art = o.work().resolve(w.name()).resolve("dl4j");
            int forced = o.threads() != null ? threads : 0; // 0: the backend's own choice and placement
            dl4jTrial(w, w.shortEpochs(), 1000, art, forced); // warm-up: JIT, workspaces, caches
            List<Timed> ds = new ArrayList<>();
            List<Timed> dl = new ArrayList<>();
            List<Timed> ts = new ArrayList<>();
            List<Timed> tl = new ArrayList<>();
            double[] torchGemm = null;
            String version = null;
            for (int r = 0; r < o.repeats(); r++) {
                boolean torchFirst = r % 2 == 1;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == torchFirst) {
                        if (missing == null) {
                            TorchPeer.Result t = o.torch().run(w, data, dataDir, o.work().resolve(w.name()).resolve("torch"),
                                    threads, r + 1, shapes);
                            ts.add(t.shortTrial());
                            tl.add(t.longTrial());
                            torchGemm = torchGemm == null ? t.gemmSeconds() : min(torchGemm, t.gemmSeconds());
                            version = t.version();
                            progress.accept(String.format(Locale.ROOT, "%s repeat %d: PyTorch %.2f s / %.2f s", w.name(),
                                    r + 1, t.shortTrial().seconds(), t.longTrial().seconds()));
                        }
                    } else {
                        Timed a = dl4jTrial(w, w.shortEpochs(), r + 1, art, forced);
                        Timed b = dl4jTrial(w, w.longEpochs(), r + 1, art, forced);
                        ds.add(a);
                        dl.add(b);
                        progress.accept(String.format(Locale.ROOT, "%s repeat %d: dl4j %.2f s / %.2f s", w.name(),
                                r + 1, a.seconds(), b.seconds()));
                    }
                }
            }
            TrialThreads.apply(threads);
            double[] dl4jGemm = gemmSeconds(shapes);
            Figures torchFigures = missing == null ? figures(w, ts, tl) : null;
            rows.add(new Row(w, threads, figures(w, ds, dl), torchFigures,
                    gemmEpochSeconds(shapes, dl4jGemm, torchGemm),
                    missing == null ? null : missing));
            if (version != null) {
                progress.accept("torch " + version);
            }
        }
        return rows;
    }

    private static double[] min(double[] a, double[] b) {
        double[] m = a.clone();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m[i] = Math.min(a[i], b[i]);
        }
        return m;
    }

    /**
     * The networks of the bench: the digits MLP, the MNIST-10k CNN, a wide MLP where arithmetic
     * dominates, and a mid-size MLP between them (a step of 0.51 G multiply-adds, the wide one's 1.43 G)
     * for placing the threads threshold.
     */
    public static List<Workload> workloads(Path dataDir) {
        DataSpec digits = new DataSpec(dataDir.resolve("digits.csv.gz"), "label", 0.2, 0.2, 42,
                DataSpec.Normalization.STANDARD);
        DataSpec mnist = new DataSpec(dataDir.resolve("mnist10k-images-idx3-ubyte.gz"), null, 0.2, 0.2, 3,
                DataSpec.Normalization.PIXELS, "idx", dataDir.resolve("mnist10k-labels-idx1-ubyte.gz"), List.of());
        return List.of(
                new Workload("digits-mlp", "digits MLP 64-128-128-10, batch 32", digits,
                        params("mlp", 2, 128, 32), 2, 30, null),
                new Workload("mnist-cnn", "MNIST-10k CNN, 2 conv blocks (8, 16 filters) + 128, batch 64", mnist,
                        cnnParams(), 1, 3, new int[]{28, 28, 1}),
                new Workload("wide-mlp", "wide MLP 784-1024-1024-10 on MNIST-10k, batch 256", mnist,
                        params("mlp", 2, 1024, 256), 1, 3, null),
                new Workload("mid-mlp", "mid-size MLP 784-512-512-10 on MNIST-10k, batch 256", mnist,
                        params("mlp", 2, 512, 256), 1, 4, null));
    }

    private static Map<String, Object> params(String type, int hidden, int units, int batch) {
        Map<String, Object> p = TrialConfig.defaults();
        p.put("type", type);
        p.put("hidden_layers", (long) hidden);
        p.put("units", (long) units);
        p.put("activation", "relu");
        p.put("dropout", 0.0);
        p.put("batch_size", (long) batch);
        p.put("optimizer", "adam");
        p.put("lr", 1e-3);
        p.put("weight_decay", 0.0);
        p.put("schedule", "constant");
        p.put("patience", 0L);
        return p;
    }

    private static Map<String, Object> cnnParams() {
        Map<String, Object> p = params("cnn", 1, 128, 64);
        p.put("conv_layers", 2L);
        p.put("filters", 8L);
        p.put("kernel_size", 3L);
        p.put("conv_dropout", 0.0);
        p.put("dense_dropout", 0.0);
        return p;
    }

    /** The matrix products of an epoch of {@code w} on {@code data}: its training steps and its validation pass. */
    public static List<Gemm> gemms(Workload w, Dataset data) {
        TrialConfig cfg = TrialConfig.from(w.params());
        int b = w.batch();
        double steps = data.train().size() / (double) b;
        int pass = Math.min(Inference.ROWS_PER_PASS, data.validation().size());
        double passes = data.validation().size() / (double) pass;
        List<Gemm> out = new ArrayList<>();
        int in = data.featureCount();
        if (w.imageShape() != null) {
            int h = w.imageShape()[0];
            int wd = w.imageShape()[1];
            int c = w.imageShape()[2];
            int filters = cfg.cnn().filters();
            int k2 = cfg.cnn().kernelSize() * cfg.cnn().kernelSize();
            for (int block = 0; block < cfg.cnn().convLayers(); block++) {
                weight(out, b * h * wd, k2 * c, filters, steps, block > 0);
                out.add(new Gemm(pass * h * wd, k2 * c, filters, passes));
                c = filters;
                h /= 2;
                wd /= 2;
                filters *= 2;
            }
            in = h * wd * c;
        }
        for (int l = 0; l < cfg.model().hiddenLayers(); l++) {
            weight(out, b, in, cfg.model().units(), steps, l > 0 || w.imageShape() != null);
            out.add(new Gemm(pass, in, cfg.model().units(), passes));
            in = cfg.model().units();
        }
        weight(out, b, in, data.classCount(), steps, true);
        out.add(new Gemm(pass, in, data.classCount(), passes));
        return out;
    }

    /**
     * A weight's products in each of {@code steps} training steps: forward {@code [rows, in] x [in, out]},
     * weight gradient {@code [in, rows] x [rows, out]} and, when {@code inputGradient}, input gradient
     * {@code [rows, out] x [out, in]}.
     */
    private static void weight(List<Gemm> out, int rows, int in, int outs, double steps, boolean inputGradient) {
        out.add(new Gemm(rows, in, outs, steps));
        out.add(new Gemm(in, rows, outs, steps));
        if (inputGradient) {
            out.add(new Gemm(rows, outs, in, steps));
        }
    }

    /** Seconds of each product with ND4J's BLAS at the threads set now: the best of three timed rounds. */
    public static double[] gemmSeconds(List<Gemm> shapes) {
        double[] s = new double[shapes.size()];
        for (int i = 0; i < shapes.size(); i++) {
            Gemm g = shapes.get(i);
            INDArray a = Nd4j.rand(DataType.FLOAT, g.m(), g.k());
            INDArray b = Nd4j.rand(DataType.FLOAT, g.k(), g.n());
            INDArray c = Nd4j.create(DataType.FLOAT, g.m(), g.n());
            int reps = (int) Math.max(3, Math.min(2000, 2e8 / g.flops()));
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 4; round++) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                }
                double t = (System.nanoTime() - t0) / 1e9 / reps;
                if (round > 0) {
                    best = Math.min(best, t);
                }
            }
            s[i] = best;
        }
        return s;
    }

    /**
     * One dl4j trial of {@code w} for {@code epochs} on {@code threads} CPU threads (0: the
     * backend's own choice), timed from request to outcome (artifacts written).
     */
    public static Timed dl4jTrial(Workload w, int epochs, long seed, Path artifacts, int threads) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>(w.params());
        p.put("epochs", (long) epochs);
        StudySpec spec = new StudySpec("bench-trial", Path.of("bench-trial.yaml"), "", w.data(), new Space(List.of()),
                new Objective("val_accuracy", Direction.MAXIMIZE), new SearchSpec("random", 1, seed, null));
        long[] firstStep = {0};
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        TrialOutcome out = new Dl4jBackend(threads, () -> firstStep[0] = System.nanoTime())
                .run(new TrialRequest(spec, 0, p, seed, artifacts, null));
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - c0) / 1e9;
        if (out.value() == null) {
            throw new IllegalStateException("dl4j trial of " + w.name() + " did not finish: " + out.failReason());
        }
        return new Timed(s, cpu, out.value(), (firstStep[0] - t0) / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The threads a dl4j trial of {@code w} trains with in this process. */
    public static int dl4jThreads(Workload w, Dataset data) {
        TrialConfig cfg = TrialConfig.from(w.params());
        return TrialThreads.choose(TrialThreads.macsPerStep(cfg, data.featureCount(), data.classCount(), w.imageShape()),
                TrialThreads.available());
    }

    /**
     * Writes {@code data}'s training and validation splits as the PyTorch peer reads them:
     * {@code train_x.f32} / {@code val_x.f32} (row-major float32, little-endian) and
     * {@code train_y.i64} / {@code val_y.i64} (int64 labels), the same rows the dl4j trial sees.
     */
    public static void export(Dataset data, Path dir) throws IOException {
        Files.createDirectories(dir);
        write(data.train(), dir, "train");
        write(data.validation(), dir, "val");
    }

    private static void write(Split split, Path dir, String name) throws IOException {
        float[] x = split.features();
        ByteBuffer fx = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        fx.asFloatBuffer().put(x);
        ByteBuffer fy = ByteBuffer.allocate(split.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < split.size(); i++) {
            fy.putLong(i * 8, split.label(i));
        }
        put(dir.resolve(name + "_x.f32"), fx);
        put(dir.resolve(name + "_y.i64"), fy);
    }

    private static void put(Path file, ByteBuffer bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            bytes.rewind();
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        }
    }

    /** Per-epoch seconds of each repeat's pair of trials: {@code (long - short) / (longEpochs - shortEpochs)}. */
    public static Figures figures(Workload w, List<Timed> shorts, List<Timed> longs) {
        int n = Math.min(shorts.size(), longs.size());
        double[] epoch = new double[n];
        double[] fixed = new double[n];
        double[] acc = new double[n];
        double[] cpu = new double[n];
        double[] fixedCpu = new double[n];
        double[] first = new double[n];
        for (int i = 0; i < n; i++) {
            first[i] = shorts.get(i).firstStepS();
            epoch[i] = (longs.get(i).seconds() - shorts.get(i).seconds()) / (w.longEpochs() - w.shortEpochs());
            cpu[i] = (longs.get(i).cpuSeconds() - shorts.get(i).cpuSeconds()) / (w.longEpochs() - w.shortEpochs());
            fixed[i] = shorts.get(i).seconds() - w.shortEpochs() * epoch[i];
            fixedCpu[i] = shorts.get(i).cpuSeconds() - w.shortEpochs() * cpu[i];
            acc[i] = longs.get(i).valAccuracy();
        }
        return new Figures(median(epoch), median(fixed), median(cpu), median(fixedCpu), median(acc), n, median(first));
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
    }

    /** Seconds of an epoch at the GEMM limit: per product the faster engine, times the product's count in an epoch. */
    public static double gemmEpochSeconds(List<Gemm> shapes, double[] dl4j, double[] torch) {
        double epoch = 0;
        for (int i = 0; i < dl4j.length; i++) {
            epoch += shapes.get(i).perEpoch() * (torch == null || i >= torch.length ? dl4j[i] : Math.min(dl4j[i], torch[i]));
        }
        return epoch;
    }

    /** The rows as a markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| network | threads | dl4j s/epoch | PyTorch s/epoch | dl4j / PyTorch | CPU s/epoch dl4j / PyTorch "
                + "| fixed s/trial dl4j / PyTorch | fixed CPU s/trial dl4j / PyTorch | start to first step s dl4j / PyTorch | GEMM-limit s/epoch | % of limit dl4j, wall / CPU | % of limit PyTorch, wall / CPU "
                + "| val acc dl4j / PyTorch | repeats |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Figures d = r.dl4j();
            Figures t = r.torch();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %s | %s | %.4f / %s | %.3f / %s | %.3f / %s | %.3f / %s | %.4f | %s | %s | %.4f / %s | %d |%n",
                    r.workload().title(), r.threads(), d.epochS(), t == null ? "–" : fmt(t.epochS(), 4),
                    t == null ? "–" : fmt(r.ratio(), 2) + "×", d.epochCpuS(), t == null ? "–" : fmt(t.epochCpuS(), 4),
                    d.fixedS(), t == null ? "–" : fmt(t.fixedS(), 3), d.fixedCpuS(), t == null ? "–" : fmt(t.fixedCpuS(), 3),
                    d.firstStepS(), t == null ? "–" : fmt(t.firstStepS(), 3),
                    r.gemmEpochS(), share(r, d), t == null ? "–" : share(r, t),
                    d.valAccuracy(), t == null ? "–" : fmt(t.valAccuracy(), 4), d.repeats()));
        }
        for (Row r : rows) {
            if (r.torchNote() != null) {
                sb.append("\n").append(r.workload().name()).append(": ").append(r.torchNote()).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The GEMM-limit epoch as a share of an engine's epoch, by wall time and by CPU time (the
     * limit's time on every thread the trial used): a busy machine stretches the first only.
     */
    private static String share(Row r, Figures f) {
        return String.format(Locale.ROOT, "%.1f%% / %.1f%%", 100 * r.gemmEpochS() / f.epochS(),
                100 * r.gemmEpochS() * r.threads() / f.epochCpuS());
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
