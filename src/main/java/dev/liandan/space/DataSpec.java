package dev.liandan.space;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a study's data comes from and how it is split. The test split is held out from every
 * trial (the ensemble step scores on it); the validation split scores the trials.
 *
 * @param path      the CSV file (plain or .gz), for {@code format: idx} the IDX images file, for
 *                  {@code format: images} the folder of class sub-folders; resolved against the
 *                  space file's folder
 * @param label     the label column's name ("label" for IDX data)
 * @param splitSeed the seed of the shuffle that assigns rows to train/validation/test
 * @param format    "csv", "idx" or "images"
 * @param labels    the IDX labels file (null for CSV)
 * @param classes   the labels to keep, as text (empty: every row); rows of other classes are dropped
 * @param image     for {@code format: images}: the channels and size every image is read as
 *                  (null for the other formats)
 * @param task      what the label is: a class (classification, the default) or a number to
 *                  predict (regression)
 */
public record DataSpec(Path path, String label, double validation, double test, long splitSeed,
                       Normalization normalize, String format, Path labels, List<String> classes, Image image,
                       Task task) {

    /** What the model predicts: one of the label's classes, or the label's number. */
    public enum Task { CLASSIFICATION, REGRESSION }

    /**
     * STANDARD and MINMAX are fitted on the training split; PIXELS divides by 255 whatever the
     * data, so that two studies of the same kind of images (a pre-training and a fine-tuning) feed
     * their networks identically scaled inputs.
     */
    public enum Normalization { STANDARD, MINMAX, NONE, PIXELS }

    /** How the images of a {@code format: images} folder are read: 1 (grey) or 3 (RGB) channels, resized. */
    public record Image(int channels, int height, int width) {
    }

    public DataSpec {
        classes = classes == null ? List.of() : List.copyOf(classes);
        format = format == null ? "csv" : format;
        task = task == null ? Task.CLASSIFICATION : task;
    }

    /** A classification data set of any format: the form before regression, kept for existing callers. */
    public DataSpec(Path path, String label, double validation, double test, long splitSeed,
                    Normalization normalize, String format, Path labels, List<String> classes, Image image) {
        this(path, label, validation, test, splitSeed, normalize, format, labels, classes, image, Task.CLASSIFICATION);
    }

    /** True when the label is a number to predict. */
    public boolean regression() {
        return task == Task.REGRESSION;
    }

    /** A CSV or IDX data set: the form before image folders, kept for existing callers. */
    public DataSpec(Path path, String label, double validation, double test, long splitSeed,
                    Normalization normalize, String format, Path labels, List<String> classes) {
        this(path, label, validation, test, splitSeed, normalize, format, labels, classes, null);
    }

    /** A CSV data set with every class: the original form, kept for existing callers. */
    public DataSpec(Path path, String label, double validation, double test, long splitSeed, Normalization normalize) {
        this(path, label, validation, test, splitSeed, normalize, "csv", null, List.of());
    }
}
