package dev.liandan.space;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the {@code data:} section. The data file must exist and its header must hold the label
 * column, so that a typo fails at {@code validate} time, not an hour into a sweep; the label
 * column is read only until it shows two classes ({@link LabelClasses}), so this stays cheap for
 * large files. For {@code format: images} the folder must exist and hold at least two class
 * sub-folders (the images themselves are read when the data set is loaded).
 */
final class DataSectionReader {
    static final List<String> KEYS = List.of("path", "label", "validation", "test", "split_seed", "normalize",
            "format", "images", "labels", "classes", "channels", "height", "width", "task");
    private static final List<String> TASKS = List.of("classification", "regression");
    private static final List<String> FORMATS = List.of("csv", "idx", "images");
    private static final List<String> IMAGE_ONLY = List.of("channels", "height", "width");
    /** Largest side of an image read from a folder: 4096 x 4096 x 3 floats is already 200 MB a row. */
    static final int MAX_SIDE = 4096;
    static final double DEFAULT_VALIDATION = 0.2;
    static final double DEFAULT_TEST = 0.2;
    private static final List<String> NORMALIZATIONS = List.of("standard", "minmax", "none", "pixels");
    private static final int HEADER_SHOWN = 10;
    private static final int MAX_HEADER_CHARS = 1 << 20;

    private DataSectionReader() {
    }

    /**
     * @param node      the value of the {@code data} key
     * @param keyAt     where the {@code data} key is, for a missing required key
     * @param spaceFile the space file; a relative data path is resolved against its folder
     */
    static DataSpec read(YamlNode node, SourceLocation keyAt, Path spaceFile) {
        YamlNode.Mapping m = Nodes.mapping(node, "data");
        Nodes.onlyKeys(m, KEYS, "data");

        String format = m.get("format") == null ? "csv" : Nodes.word(m.get("format"), "data.format", FORMATS);
        Path path;
        String label;
        Path labels = null;
        DataSpec.Image image = null;
        if (!format.equals("images")) {
            for (String imagesOnly : IMAGE_ONLY) {
                if (m.entry(imagesOnly) != null) {
                    throw new SpaceError(m.entry(imagesOnly).keyLocation(), "data." + imagesOnly + ": only with format: images");
                }
            }
        }
        if (format.equals("images")) {
            // a folder with one sub-folder of PNG/JPEG files per class
            for (String other : List.of("label", "images", "labels")) {
                if (m.entry(other) != null) {
                    throw new SpaceError(m.entry(other).keyLocation(), "data." + other + ": not used with format: images"
                            + " (give path: a folder with one sub-folder per class)");
                }
            }
            YamlNode pathNode = Nodes.require(m, "path", keyAt, "data");
            path = imageFolder(pathNode, spaceFile);
            label = "label";
            int channels = m.get("channels") == null ? 1 : (int) Nodes.integer(m.get("channels"), "data.channels");
            if (channels != 1 && channels != 3) {
                throw new SpaceError(m.get("channels").location(), "data.channels: expected 1 (grey) or 3 (RGB), got "
                        + channels);
            }
            image = new DataSpec.Image(channels, side(m, "height", keyAt), side(m, "width", keyAt));
        } else if (format.equals("idx")) {
            // MNIST's format: images and labels in two files, no header to check
            for (String csvOnly : List.of("path", "label")) {
                if (m.entry(csvOnly) != null) {
                    throw new SpaceError(m.entry(csvOnly).keyLocation(), "data." + csvOnly + ": not used with format: idx"
                            + " (give images: and labels:)");
                }
            }
            path = resolve(Nodes.require(m, "images", keyAt, "data"), spaceFile, "data.images");
            labels = resolve(Nodes.require(m, "labels", keyAt, "data"), spaceFile, "data.labels");
            label = "label";
        } else {
            for (String idxOnly : List.of("images", "labels")) {
                if (m.entry(idxOnly) != null) {
                    throw new SpaceError(m.entry(idxOnly).keyLocation(), "data." + idxOnly + ": only with format: idx");
                }
            }
            YamlNode pathNode = Nodes.require(m, "path", keyAt, "data");
            path = resolve(pathNode, spaceFile);
            YamlNode labelNode = Nodes.require(m, "label", keyAt, "data");
            label = Nodes.scalar(labelNode, "data.label").text();
            checkLabel(pathNode, labelNode, label, path);
        }
        DataSpec.Task task = task(m, format, path, label);
        List<String> classes = new ArrayList<>();
        if (m.get("classes") != null) {
            YamlNode.Sequence list = Nodes.sequence(m.get("classes"), "data.classes");
            for (YamlNode item : list.items()) {
                classes.add(Nodes.scalar(item, "data.classes").text());
            }
            if (classes.size() < 2) {
                throw new SpaceError(list.location(), "data.classes: expected at least two classes to tell apart, got "
                        + classes.size());
            }
        }
        if (format.equals("csv")) {
            // a classifier of one class learns nothing, and DL4J fails every trial on it: say so now
            LabelClasses.checkTwo(m.get("label"), path, label, classes);
        }

        double validation = DEFAULT_VALIDATION;
        if (m.get("validation") != null) {
            validation = Nodes.number(m.get("validation"), "data.validation");
            if (!(validation > 0 && validation < 1)) {
                throw new SpaceError(m.get("validation").location(),
                        "data.validation: expected a fraction in (0, 1), got " + Values.format(validation));
            }
        }
        double test = DEFAULT_TEST;
        if (m.get("test") != null) {
            test = Nodes.number(m.get("test"), "data.test");
            if (!(test >= 0 && test < 1)) {
                throw new SpaceError(m.get("test").location(),
                        "data.test: expected a fraction in [0, 1), got " + Values.format(test));
            }
        }
        if (validation + test >= 1) {
            // point at whichever of the two the file gives last, as that is where the sum is made
            YamlNode blame = m.get("test") != null ? m.get("test") : m.get("validation");
            throw new SpaceError(blame.location(), "data: validation " + Values.format(validation) + " + test "
                    + Values.format(test) + " leaves no rows for training: expected a sum < 1");
        }
        long splitSeed = m.get("split_seed") == null ? 0 : Nodes.integer(m.get("split_seed"), "data.split_seed");
        DataSpec.Normalization normalize = m.get("normalize") == null ? DataSpec.Normalization.STANDARD
                : DataSpec.Normalization.valueOf(Nodes.word(m.get("normalize"), "data.normalize", NORMALIZATIONS)
                .toUpperCase(Locale.ROOT));
        return new DataSpec(path, label, validation, test, splitSeed, normalize, format, labels, classes, image, task);
    }

    /**
     * {@code data.task}. Regression reads a CSV label column of numbers (no class filter). Without
     * the key a CSV label that looks like a numeric target is refused: trained as classes, each
     * distinct value would become a class of its own.
     */
    private static DataSpec.Task task(YamlNode.Mapping m, String format, Path path, String label) {
        YamlNode node = m.get("task");
        if (node != null) {
            DataSpec.Task task = DataSpec.Task.valueOf(Nodes.word(node, "data.task", TASKS).toUpperCase(Locale.ROOT));
            if (task == DataSpec.Task.REGRESSION) {
                if (!format.equals("csv")) {
                    throw new SpaceError(node.location(), "data.task: regression reads a CSV file with a numeric"
                            + " label column, not format: " + format);
                }
                if (m.entry("classes") != null) {
                    throw new SpaceError(m.entry("classes").keyLocation(), "data.classes: not used with task: regression");
                }
            }
            return task;
        }
        if (format.equals("csv")) {
            LabelSurvey survey = LabelSurvey.of(path, header(m.get("path"), path).indexOf(label));
            if (survey != null && survey.looksLikeTarget()) {
                YamlNode labelNode = m.get("label");
                throw new SpaceError(labelNode.location(), "data.label: column '" + label + "' holds numbers with "
                        + (survey.distinct() > LabelSurvey.MAX_DISTINCT ? "over " + LabelSurvey.MAX_DISTINCT
                        : String.valueOf(survey.distinct())) + " distinct values, a numeric target rather than classes:"
                        + " add task: regression to data (or task: classification to make each value a class)");
            }
        }
        return DataSpec.Task.CLASSIFICATION;
    }

    private static int side(YamlNode.Mapping m, String key, SourceLocation keyAt) {
        YamlNode node = Nodes.require(m, key, keyAt, "data");
        long v = Nodes.integer(node, "data." + key);
        if (v < 1 || v > MAX_SIDE) {
            throw new SpaceError(node.location(), "data." + key + ": expected pixels in [1, " + MAX_SIDE + "], got " + v);
        }
        return (int) v;
    }

    /** The folder of an image data set, which must hold at least one sub-folder (a class). */
    private static Path imageFolder(YamlNode pathNode, Path spaceFile) {
        String written = Nodes.string(pathNode, "data.path");
        Path path;
        try {
            Path folder = spaceFile.toAbsolutePath().getParent();
            path = (folder == null ? Path.of(written) : folder.resolve(written)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SpaceError(pathNode.location(), "data.path: '" + written + "' is not a valid path: " + e.getReason());
        }
        if (!Files.exists(path)) {
            throw new SpaceError(pathNode.location(), "image folder not found: " + path);
        }
        if (!Files.isDirectory(path)) {
            throw new SpaceError(pathNode.location(), "data.path: " + path + " is a file: expected a folder with one"
                    + " sub-folder of images per class");
        }
        try (Stream<Path> entries = Files.list(path)) {
            long folders = entries.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).count();
            if (folders < 2) {
                throw new SpaceError(pathNode.location(), "data.path: " + path + " has " + folders
                        + " class sub-folder(s): expected one folder of images per class, at least two classes");
            }
        } catch (IOException e) {
            throw new SpaceError(pathNode.location(), "cannot list image folder " + path + ": " + e.getMessage());
        }
        return path;
    }

    private static Path resolve(YamlNode pathNode, Path spaceFile) {
        return resolve(pathNode, spaceFile, "data.path");
    }

    private static Path resolve(YamlNode pathNode, Path spaceFile, String what) {
        String written = Nodes.string(pathNode, what);
        Path path;
        try {
            Path folder = spaceFile.toAbsolutePath().getParent();
            path = (folder == null ? Path.of(written) : folder.resolve(written)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SpaceError(pathNode.location(), what + ": '" + written + "' is not a valid path: " + e.getReason());
        }
        if (Files.isDirectory(path)) {
            throw new SpaceError(pathNode.location(), what + ": " + path + " is a folder: expected a "
                    + (what.equals("data.path") ? "CSV file" : "file"));
        }
        if (!Files.isRegularFile(path)) {
            throw new SpaceError(pathNode.location(), "data file not found: " + path);
        }
        return path;
    }

    private static void checkLabel(YamlNode pathNode, YamlNode labelNode, String label, Path path) {
        List<String> header = header(pathNode, path);
        if (!header.contains(label)) {
            String shown = String.join(", ", header.subList(0, Math.min(HEADER_SHOWN, header.size())));
            if (header.size() > HEADER_SHOWN) {
                shown += ", … (first " + HEADER_SHOWN + " of " + header.size() + " columns)";
            }
            throw new SpaceError(labelNode.location(), "label column '" + label + "' not in the header of "
                    + path.getFileName() + ": " + shown + Nodes.didYouMean(label, header));
        }
    }

    /**
     * The first line, or null for an empty file; stops after MAX_HEADER_CHARS + 1 characters so
     * that a file without line breaks (a binary file, a wrong path) is not read whole.
     */
    private static String firstLine(BufferedReader reader) throws IOException {
        int c = reader.read();
        if (c == -1) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        for (; c != -1 && c != '\n'; c = reader.read()) {
            line.append((char) c);
            if (line.length() > MAX_HEADER_CHARS) {
                break;
            }
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    /** The column names of the first line of a CSV file, gzipped when its name ends in .gz. */
    static List<String> header(YamlNode blame, Path path) {
        String line;
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                     ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            line = firstLine(reader);
        } catch (IOException e) {
            throw new SpaceError(blame.location(), "cannot read the header of data file " + path + ": " + e.getMessage());
        }
        if (line != null && line.length() > MAX_HEADER_CHARS) {
            throw new SpaceError(blame.location(), "data file " + path + " has no line break in its first "
                    + MAX_HEADER_CHARS + " characters: expected a CSV file with a header line");
        }
        if (line == null || line.isBlank()) {
            throw new SpaceError(blame.location(), "data file " + path + " is empty: expected a CSV header line");
        }
        if (line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        List<String> columns = new ArrayList<>();
        for (String cell : line.split(",", -1)) {
            String c = cell.strip();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1);
            }
            columns.add(c);
        }
        return columns;
    }
}
