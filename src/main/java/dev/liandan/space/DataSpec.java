package dev.liandan.space;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a study's data comes from and how it is split. The test split is held out from every
 * trial (the ensemble step scores on it); the validation split scores the trials.
 *
 * @param path      the CSV file (plain or .gz), or for {@code format: idx} the IDX images file,
 *                  resolved against the space file's folder
 * @param label     the label column's name ("label" for IDX data)
 * @param splitSeed the seed of the shuffle that assigns rows to train/validation/test
 * @param format    "csv" or "idx"
 * @param labels    the IDX labels file (null for CSV)
 * @param classes   the labels to keep, as text (empty: every row); rows of other classes are dropped
 */
public record DataSpec(Path path, String label, double validation, double test, long splitSeed,
                       Normalization normalize, String format, Path labels, List<String> classes) {

    public enum Normalization { STANDARD, MINMAX, NONE }

    public DataSpec {
        classes = classes == null ? List.of() : List.copyOf(classes);
        format = format == null ? "csv" : format;
    }

    /** A CSV data set with every class: the original form, kept for existing callers. */
    public DataSpec(Path path, String label, double validation, double test, long splitSeed, Normalization normalize) {
        this(path, label, validation, test, splitSeed, normalize, "csv", null, List.of());
    }
}
