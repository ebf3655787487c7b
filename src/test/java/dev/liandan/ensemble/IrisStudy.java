package dev.liandan.ensemble;

import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.InMemoryStorage;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudyStorage;
import dev.liandan.train.Dl4jBackend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real tiny study on the shipped iris data, swept with the dl4j backend, for ensemble tests. */
final class IrisStudy {
    static final Path IRIS = Path.of("data/iris.csv");

    private IrisStudy() {
    }

    /** The test space file, written into {@code dir} with the shipped data's path and {@code epochs}. */
    static StudySpec spec(Path dir, int epochs) throws IOException {
        return spec(dir, "iris-tiny", epochs);
    }

    /** The test space file {@code /spaces/<name>.yaml}, written into {@code dir} with the data's path and {@code epochs}. */
    static StudySpec spec(Path dir, String name, int epochs) throws IOException {
        String text;
        try (InputStream in = IrisStudy.class.getResourceAsStream("/spaces/" + name + ".yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text = text.replace("DATA_DIR", Path.of("data").toAbsolutePath().toString())
                .replace("EPOCHS", Integer.toString(epochs));
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, text);
        return SpaceFileParser.parse(file);
    }

    /** Runs {@code trials} trials into {@code studyDir} and returns the storage holding them. */
    static StudyStorage sweep(StudySpec spec, Path studyDir, int trials) {
        StudyStorage storage = new InMemoryStorage();
        new StudyRunner(storage, new Dl4jBackend(), studyDir, new StudyListener() {
        }).run(spec, trials);
        return storage;
    }

    /**
     * The raw feature values of the given CSV rows (row k is line k + 1), label column dropped; a
     * {@code .gz} file is read through gzip.
     */
    static double[][] rawRows(Path csv, int[] rows, String label) throws IOException {
        List<String> lines;
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                csv.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(Files.newInputStream(csv))
                        : Files.newInputStream(csv), java.nio.charset.StandardCharsets.UTF_8))) {
            lines = r.lines().toList();
        }
        List<String> header = List.of(lines.get(0).split(","));
        int labelAt = header.indexOf(label);
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            String[] cells = lines.get(rows[i]).split(",");
            double[] x = new double[cells.length - 1];
            int j = 0;
            for (int c = 0; c < cells.length; c++) {
                if (c != labelAt) {
                    x[j++] = Double.parseDouble(cells[c]);
                }
            }
            out[i] = x;
        }
        return out;
    }
}
