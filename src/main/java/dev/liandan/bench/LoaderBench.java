package dev.liandan.bench;

import dev.liandan.space.DataSpec;
import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;
import dev.liandan.train.Models;
import dev.liandan.train.Schedules;
import dev.liandan.train.ShuffledBatches;
import dev.liandan.train.Split;
import dev.liandan.train.TrialConfig;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code liandan bench loader}: samples per second of the training loop over one workload (a
 * network and a data set), fed four ways, each timed over whole epochs after one warm-up epoch:
 *
 * <ul>
 *   <li>{@code limit}: DL4J {@code fit(DataSet)} over minibatches built once in memory before
 *       timing (no shuffling, no loading): the compute bound.</li>
 *   <li>{@code liandan}: the trial loop: {@link ShuffledBatches} over the data set read and
 *       normalised once, gathered and reshuffled per epoch, {@code fit(iterator)}, the score read
 *       once per epoch.</li>
 *   <li>{@code liandan+prefetch}: the same behind DL4J's {@link AsyncDataSetIterator} (a thread
 *       preparing the next minibatches).</li>
 *   <li>{@code naive}: a DataVec {@link CSVRecordReader} re-reading the CSV file every epoch,
 *       normalised by a fitted {@link NormalizerStandardize}, with the score read every
 *       iteration.</li>
 * </ul>
 */
public final class LoaderBench {

    /** One way's samples per second, per repeat. */
    public record Result(String workload, Map<String, double[]> samplesPerSecond) {
        public double median(String way) {
            double[] v = samplesPerSecond.get(way).clone();
            Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    public static final List<String> WAYS = List.of("limit", "liandan", "liandan+prefetch", "naive");

    private LoaderBench() {
    }

    /** The built-in workloads of {@code liandan bench loader}. */
    public static final List<String> WORKLOADS = List.of("mlp-digits", "cnn-mnist");

    /**
     * Runs a built-in workload: the default MLP on the shipped digits, or a small CNN on the shipped
     * MNIST 10k (paths relative to the project's root).
     */
    public static Result run(String workload, int epochs, int repeats, Path scratch) throws IOException {
        Map<String, Object> p = TrialConfig.defaults();
        p.put("batch_size", 64L);
        if (workload.equals("mlp-digits")) {
            return run(workload, p, new DataSpec(Path.of("data/digits.csv.gz"), "label", 0.2, 0.2, 1,
                    DataSpec.Normalization.STANDARD), epochs, repeats, scratch);
        }
        if (workload.equals("cnn-mnist")) {
            p.put("type", "cnn");
            p.put("conv_layers", 2L);
            p.put("filters", 16L);
            p.put("hidden_layers", 1L);
            p.put("units", 64L);
            return run(workload, p, new DataSpec(Path.of("data/mnist10k-images-idx3-ubyte.gz"), "label", 0.2, 0.2, 1,
                    DataSpec.Normalization.MINMAX, "idx", Path.of("data/mnist10k-labels-idx1-ubyte.gz"), List.of()),
                    epochs, repeats, scratch);
        }
        throw new dev.liandan.core.UserError("unknown workload '" + workload + "': expected one of "
                + String.join(", ", WORKLOADS));
    }

    /**
     * @param params  the trial's settings (model, batch size, ...)
     * @param data    the data set; its training split is what every way trains on
     * @param epochs  timed epochs per repeat (after one warm-up epoch)
     * @param repeats repeats per way, interleaved so that a load change hits every way alike
     */
    public static Result run(String workload, Map<String, Object> params, DataSpec data, int epochs, int repeats,
                             Path scratch) throws IOException {
        Dataset d = Datasets.load(data);
        TrialConfig cfg = TrialConfig.from(params);
        Split train = d.train();
        Path csv = writeCsv(train, scratch.resolve(workload + "-train.csv"));
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String w : WAYS) {
            out.put(w, new double[repeats]);
        }
        for (int r = 0; r < repeats; r++) {
            for (String w : WAYS) {
                out.get(w)[r] = once(w, cfg, d, csv, epochs, 100 + r);
            }
        }
        return new Result(workload, out);
    }

    private static double once(String way, TrialConfig cfg, Dataset d, Path csv, int epochs, long seed)
            throws IOException {
        Split train = d.train();
        ShuffledBatches shuffled = new ShuffledBatches(train, cfg.training().batchSize(), seed);
        MultiLayerNetwork net = Models.build(cfg, d, seed, Schedules.learningRate(cfg, shuffled.batchesPerEpoch()));
        try {
            switch (way) {
                case "limit": {
                    List<DataSet> batches = new ArrayList<>();
                    while (shuffled.hasNext()) {
                        batches.add(shuffled.next());
                    }
                    Runnable epoch = () -> batches.forEach(net::fit);
                    return time(epoch, epochs, train.size());
                }
                case "liandan":
                case "liandan+prefetch": {
                    boolean async = way.endsWith("prefetch");
                    DataSetIterator it = async ? new AsyncDataSetIterator(shuffled, 4) : shuffled;
                    Runnable epoch = () -> {
                        it.reset();
                        net.fit(it);
                        // the one host read per epoch: the epoch's last score
                        net.score();
                    };
                    return time(epoch, epochs, train.size());
                }
                default: {
                    net.setListeners(new BaseTrainingListener() {
                        @Override
                        public void iterationDone(Model model, int iteration, int epoch) {
                            if (Double.isNaN(model.score())) {
                                throw new IllegalStateException("NaN");
                            }
                        }
                    });
                    NormalizerStandardize norm = new NormalizerStandardize();
                    norm.fit(naive(csv, cfg.training().batchSize(), d.classCount(), d.featureCount()));
                    Runnable epoch = () -> {
                        try {
                            // re-opened and re-parsed every epoch, as a tutorial's loop does
                            DataSetIterator it = naive(csv, cfg.training().batchSize(), d.classCount(), d.featureCount());
                            it.setPreProcessor(norm);
                            net.fit(it);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    };
                    return time(epoch, epochs, train.size());
                }
            }
        } finally {
            net.close();
        }
    }

    private static DataSetIterator naive(Path csv, int batch, int classes, int features) throws IOException {
        CSVRecordReader reader = new CSVRecordReader(1, ',');
        try {
            reader.initialize(new FileSplit(csv.toFile()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new RecordReaderDataSetIterator(reader, batch, features, classes);
    }

    /** Samples per second over {@code epochs} epochs after one untimed warm-up epoch. */
    private static double time(Runnable epoch, int epochs, int samples) {
        epoch.run();
        long start = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            epoch.run();
        }
        double s = (System.nanoTime() - start) / 1e9;
        return (double) samples * epochs / s;
    }

    /** The split's rows as the CSV the naive way reads: raw-ish features (already normalised floats), then the label. */
    private static Path writeCsv(Split split, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        float[] x = split.features();
        int d = split.featureCount();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < d; j++) {
                sb.append('f').append(j).append(',');
            }
            w.write(sb.append("label\n").toString());
            for (int i = 0; i < split.size(); i++) {
                sb.setLength(0);
                for (int j = 0; j < d; j++) {
                    sb.append(x[i * d + j]).append(',');
                }
                w.write(sb.append(split.label(i)).append('\n').toString());
            }
        }
        return file;
    }
}
