package dev.liandan.train;

import dev.liandan.space.DataSpec;
import dev.liandan.core.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPInputStream;

/**
 * Reads a study's CSV file (plain or gzip, with a header row) into a {@link Dataset}: the label
 * column becomes class indices, every other column a numeric feature; rows are split into
 * train / validation / test by a seeded, per-class (stratified) shuffle and normalised with
 * statistics of the train split.
 *
 * <p>Rows are numbered as the user sees them in an error message: row 1 is the first line after
 * the header, row {@code k} is line {@code k + 1} of the file.
 */
public final class Datasets {
    private Datasets() {
    }

    /** Loaded data sets by their spec (with an absolute, normalised path): one read per JVM. */
    private static final Map<DataSpec, Dataset> CACHE = new ConcurrentHashMap<>();

    /** The data set of {@code spec}, read on first use and shared read-only afterwards. */
    public static Dataset load(DataSpec spec) {
        if (spec.regression()) {
            // a regression's label is a number, not a class: RegressionDatasets reads it
            throw new UserError(fileName(spec.path()) + ": data.task is regression: this step (lr-find, ensemble"
                    + " benchmarks) works on class labels only");
        }
        DataSpec key = new DataSpec(spec.path().toAbsolutePath().normalize(), spec.label(), spec.validation(),
                spec.test(), spec.splitSeed(), spec.normalize(), spec.format(),
                spec.labels() == null ? null : spec.labels().toAbsolutePath().normalize(), spec.classes(), spec.image(),
                spec.task());
        Dataset cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        // Two threads may read the same file at once on a cold cache; both get equal data and the
        // first one stored wins. Cheaper than holding a lock while reading.
        Dataset read = read(key);
        Dataset prior = CACHE.putIfAbsent(key, read);
        return prior != null ? prior : read;
    }

    /** Forgets every loaded data set (tests, or a file that changed on disk). */
    public static void clearCache() {
        CACHE.clear();
    }

    /** Reads, splits and normalises {@code spec}'s file, bypassing the cache. */
    public static Dataset read(DataSpec spec) {
        checkFractions(spec);
        Table table = switch (spec.format()) {
            case "idx" -> IdxFiles.read(spec.path(), spec.labels());
            case "images" -> ImageFolders.read(spec.path(), spec.image());
            default -> readCsv(spec.path(), spec.label());
        };
        if (!spec.classes().isEmpty()) {
            table = table.keep(spec.classes());
        }
        int n = table.size();
        int d = table.featureNames.size();

        ClassIndex classes = ClassIndex.of(table.labels);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = classes.index(table.labels.get(i));
        }

        Assignment assigned = assign(y, classes.names.size(), spec, table.file);
        int[] assignment = assigned.split();
        int[][] members = new int[3][];
        int[] counts = new int[3];
        for (int a : assignment) {
            counts[a]++;
        }
        for (int s = 0; s < 3; s++) {
            members[s] = new int[counts[s]];
            counts[s] = 0;
        }
        for (int k = 0; k < n; k++) {
            int i = assigned.order()[k];
            int s = assignment[i];
            members[s][counts[s]++] = i;
        }

        double[] trainRaw = gather(table.features, members[TRAIN], d);
        FeatureScaler scaler = FeatureScaler.fit(spec.normalize(), trainRaw, members[TRAIN].length, d);
        Split[] splits = new Split[3];
        String[] names = {"train", "validation", "test"};
        for (int s = 0; s < 3; s++) {
            int[] idx = members[s];
            int[] rows = new int[idx.length];
            int[] labels = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
                rows[k] = table.rowNumbers[idx[k]];
                labels[k] = y[idx[k]];
            }
            float[] x = scaler.transformAll(s == TRAIN ? trainRaw : gather(table.features, idx, d), idx.length);
            splits[s] = new Split(names[s], rows, x, labels, d, classes.names.size());
        }
        return new Dataset(spec.path(), spec.label(), table.featureNames, classes.names, scaler,
                splits[TRAIN], splits[VALIDATION], splits[TEST], spec.image());
    }

    private static final int TRAIN = 0;
    private static final int VALIDATION = 1;
    private static final int TEST = 2;

    private static void checkFractions(DataSpec spec) {
        double v = spec.validation();
        double t = spec.test();
        if (!(v > 0 && v < 1) || !(t >= 0 && t < 1) || !(v + t < 1)) {
            throw new UserError(fileName(spec.path()) + ": validation (" + v + ") must be in (0, 1), test (" + t
                    + ") in [0, 1), and together below 1");
        }
    }

    /**
     * Each row's split ({@link #TRAIN}, {@link #VALIDATION}, {@link #TEST}) and the seeded shuffle
     * that orders the rows within each split.
     */
    private record Assignment(int[] split, int[] order) {
    }

    /**
     * Assigns each row to train, validation or test. The split sizes are
     * {@code round(n * fraction)}; each class gets its proportional share of them (largest
     * remainder), so every split has the class balance of the whole file; which rows of a class
     * go where is decided by one shuffle seeded with {@code splitSeed}, which also orders the
     * rows inside each split.
     */
    private static Assignment assign(int[] y, int classCount, DataSpec spec, String file) {
        int n = y.length;
        int nTest = (int) Math.round(n * spec.test());
        int nVal = (int) Math.round(n * spec.validation());
        if (nVal < 1) {
            throw new UserError(file + ": a validation fraction of " + spec.validation() + " of " + n
                    + " rows leaves no validation rows");
        }
        if (n - nVal - nTest < 1) {
            throw new UserError(file + ": the validation and test fractions leave no training rows of " + n);
        }
        int[] counts = new int[classCount];
        for (int c : y) {
            counts[c]++;
        }
        int[] testQuota = allocate(nTest, counts, counts, n);
        int[] room = new int[classCount];
        for (int c = 0; c < classCount; c++) {
            room[c] = counts[c] - testQuota[c];
        }
        int[] valQuota = allocate(nVal, counts, room, n);

        int[] perm = permutation(n, new Random(spec.splitSeed()));
        int[] assignment = new int[n];
        int[] testTaken = new int[classCount];
        int[] valTaken = new int[classCount];
        for (int i : perm) {
            int c = y[i];
            if (testTaken[c] < testQuota[c]) {
                testTaken[c]++;
                assignment[i] = TEST;
            } else if (valTaken[c] < valQuota[c]) {
                valTaken[c]++;
                assignment[i] = VALIDATION;
            } else {
                assignment[i] = TRAIN;
            }
        }
        return new Assignment(assignment, perm);
    }

    /**
     * Splits {@code total} among classes in proportion to {@code counts} (Hamilton's largest
     * remainder method), never giving a class more than {@code room[c]}.
     */
    static int[] allocate(int total, int[] counts, int[] room, int n) {
        int k = counts.length;
        int[] quota = new int[k];
        double[] remainder = new double[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            double share = (double) total * counts[c] / n;
            quota[c] = Math.min(room[c], (int) Math.floor(share));
            remainder[c] = share - Math.floor(share);
            given += quota[c];
        }
        Integer[] byRemainder = new Integer[k];
        for (int c = 0; c < k; c++) {
            byRemainder[c] = c;
        }
        Arrays.sort(byRemainder, Comparator.comparingDouble((Integer c) -> -remainder[c]).thenComparingInt(c -> c));
        // Hand out what is left one by one, largest remainder first; a second round covers
        // classes whose room cut their share (only possible for tiny classes).
        while (given < total) {
            boolean progress = false;
            for (int c : byRemainder) {
                if (given < total && quota[c] < room[c]) {
                    quota[c]++;
                    given++;
                    progress = true;
                }
            }
            if (!progress) {
                break;
            }
        }
        return quota;
    }

    /** 0..n-1 in a random order: {@link #shuffle} of the identity. */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, random);
        return p;
    }

    /**
     * Puts {@code a} in a uniformly random order in place: the Fisher–Yates shuffle in Durstenfeld's
     * form (Knuth, TAOCP vol. 2, Algorithm 3.4.2P), drawing {@code random.nextInt(i + 1)} for
     * i = n-1 down to 1. It calls the generator's own {@code nextInt}, so a seeded {@link java.util.Random}
     * or {@link java.util.SplittableRandom} gives the same order as a loop written against that class.
     */
    static void shuffle(int[] a, RandomGenerator random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double[] gather(double[] x, int[] idx, int d) {
        double[] out = new double[idx.length * d];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(x, idx[k] * d, out, k * d, d);
        }
        return out;
    }

    static String fileName(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }

    /** The file's contents: features row-major, labels as text, and each row's number. */
    static final class Table {
        final String file;
        final List<String> featureNames;
        final double[] features;
        final List<String> labels;
        final int[] rowNumbers;

        Table(String file, List<String> featureNames, double[] features, List<String> labels, int[] rowNumbers) {
            this.file = file;
            this.featureNames = featureNames;
            this.features = features;
            this.labels = labels;
            this.rowNumbers = rowNumbers;
        }

        int size() {
            return labels.size();
        }

        /** Only the rows whose label is one of {@code classes} (data.classes), in file order. */
        Table keep(List<String> classes) {
            Set<String> present = new HashSet<>(labels);
            for (String c : classes) {
                if (!present.contains(c)) {
                    throw new UserError(file + ": data.classes names class '" + c + "', which no row has");
                }
            }
            Set<String> wanted = new HashSet<>(classes);
            int d = featureNames.size();
            int count = 0;
            for (String l : labels) {
                if (wanted.contains(l)) {
                    count++;
                }
            }
            double[] x = new double[count * d];
            List<String> y = new ArrayList<>(count);
            int[] rows = new int[count];
            int k = 0;
            for (int i = 0; i < labels.size(); i++) {
                if (wanted.contains(labels.get(i))) {
                    System.arraycopy(features, i * d, x, k * d, d);
                    y.add(labels.get(i));
                    rows[k++] = rowNumbers[i];
                }
            }
            return new Table(file, featureNames, x, y, rows);
        }
    }

    static Table readCsv(Path path, String labelColumn) {
        String file = fileName(path);
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String headerLine = reader.readLine();
            while (headerLine != null && headerLine.isBlank()) {
                headerLine = reader.readLine();
            }
            if (headerLine == null) {
                throw new UserError(file + ": the file is empty (expected a header row)");
            }
            if (headerLine.startsWith("\uFEFF")) {
                headerLine = headerLine.substring(1);
            }
            List<String> header = parseLine(headerLine, file, 0);
            Set<String> seen = new HashSet<>();
            for (String h : header) {
                if (h.isEmpty()) {
                    throw new UserError(file + ": the header has an empty column name");
                }
                if (!seen.add(h)) {
                    throw new UserError(file + ": the header names column '" + h + "' twice");
                }
            }
            int labelAt = header.indexOf(labelColumn);
            if (labelAt < 0) {
                throw new UserError(file + ": no label column '" + labelColumn + "' (columns: "
                        + String.join(", ", header) + ")");
            }
            if (header.size() < 2) {
                throw new UserError(file + ": no feature columns besides the label '" + labelColumn + "'");
            }
            List<String> featureNames = new ArrayList<>(header);
            featureNames.remove(labelAt);
            int d = featureNames.size();

            double[] x = new double[1024 * d];
            List<String> labels = new ArrayList<>();
            int[] rowNumbers = new int[1024];
            int row = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = parseLine(line, file, row);
                if (cells.size() != header.size()) {
                    throw new UserError(file + ": row " + row + " has " + cells.size() + " cells, the header has "
                            + header.size() + " columns");
                }
                int i = labels.size();
                if ((i + 1) * d > x.length) {
                    x = Arrays.copyOf(x, x.length * 2);
                }
                if (i >= rowNumbers.length) {
                    rowNumbers = Arrays.copyOf(rowNumbers, rowNumbers.length * 2);
                }
                int j = 0;
                for (int col = 0; col < cells.size(); col++) {
                    if (col == labelAt) {
                        continue;
                    }
                    x[i * d + j++] = number(cells.get(col), file, row, header.get(col));
                }
                String label = cells.get(labelAt);
                if (label.isEmpty()) {
                    throw new UserError(file + ": row " + row + ", column '" + labelColumn + "': missing label");
                }
                labels.add(label);
                rowNumbers[i] = row;
            }
            if (labels.isEmpty()) {
                throw new UserError(file + ": no data rows after the header");
            }
            int n = labels.size();
            return new Table(file, featureNames, Arrays.copyOf(x, n * d), labels, Arrays.copyOf(rowNumbers, n));
        } catch (NoSuchFileException e) {
            throw new UserError(path + ": no such data file", e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static double number(String cell, String file, int row, String column) {
        if (cell.isEmpty()) {
            throw new UserError(file + ": row " + row + ", column '" + column + "': missing value");
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new UserError(file + ": row " + row + ", column '" + column + "': '" + cell + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new UserError(file + ": row " + row + ", column '" + column + "': '" + cell
                    + "' is not a finite number");
        }
        return v;
    }

    /**
     * One CSV line (RFC 4180 without line breaks inside quotes): comma-separated cells, a cell
     * may be quoted with "..." and a quote inside doubled. Unquoted cells are trimmed.
     */
    static List<String> parseLine(String line, String file, int row) {
        List<String> cells = new ArrayList<>();
        int i = 0;
        int len = line.length();
        while (true) {
            while (i < len && line.charAt(i) == ' ') {
                i++;
            }
            if (i < len && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= len) {
                        throw new UserError(file + ": " + (row == 0 ? "header" : "row " + row)
                                + ": a quoted cell is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < len && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                while (i < len && line.charAt(i) == ' ') {
                    i++;
                }
                cells.add(sb.toString());
                if (i >= len) {
                    return cells;
                }
                if (line.charAt(i) != ',') {
                    throw new UserError(file + ": " + (row == 0 ? "header" : "row " + row)
                            + ": text after a quoted cell");
                }
                i++;
            } else {
                int comma = line.indexOf(',', i);
                if (comma < 0) {
                    cells.add(line.substring(i).trim());
                    return cells;
                }
                cells.add(line.substring(i, comma).trim());
                i = comma + 1;
            }
        }
    }

    /**
     * Label text to class index. All-numeric labels are ordered by value (so class 10 comes after
     * class 9) and named in canonical form (1.0 and 1 are the same class, named "1"); otherwise
     * labels are ordered as strings.
     */
    private static final class ClassIndex {
        final List<String> names;
        final Map<String, Integer> byText;

        private ClassIndex(List<String> names, Map<String, Integer> byText) {
            this.names = names;
            this.byText = byText;
        }

        int index(String label) {
            return byText.get(label);
        }

        static ClassIndex of(List<String> labels) {
            Set<String> distinct = new HashSet<>(labels);
            Map<String, Double> numeric = new HashMap<>();
            for (String s : distinct) {
                try {
                    double v = Double.parseDouble(s);
                    if (Double.isFinite(v)) {
                        numeric.put(s, v);
                        continue;
                    }
                } catch (NumberFormatException e) {
                    // not a number: the labels are strings
                }
                numeric = null;
                break;
            }
            Map<String, Integer> byText = new HashMap<>();
            List<String> names = new ArrayList<>();
            if (numeric != null) {
                TreeMap<Double, List<String>> byValue = new TreeMap<>();
                for (Map.Entry<String, Double> e : numeric.entrySet()) {
                    byValue.computeIfAbsent(e.getValue() == 0 ? 0.0 : e.getValue(), v -> new ArrayList<>()).add(e.getKey());
                }
                for (Map.Entry<Double, List<String>> e : byValue.entrySet()) {
                    double v = e.getKey();
                    names.add(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
                    for (String text : e.getValue()) {
                        byText.put(text, names.size() - 1);
                    }
                }
            } else {
                List<String> sorted = new ArrayList<>(distinct);
                sorted.sort(Comparator.naturalOrder());
                for (String s : sorted) {
                    byText.put(s, names.size());
                    names.add(s);
                }
            }
            return new ClassIndex(names, byText);
        }
    }
}
