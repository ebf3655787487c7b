package dev.liandan.space;

import java.nio.file.Path;

/**
 * Where a study's data comes from and how it is split. The test split is held out from every
 * trial (the ensemble step scores on it); the validation split scores the trials.
 *
 * @param path      the CSV file (plain or .gz), resolved against the space file's folder
 * @param label     the label column's name
 * @param splitSeed the seed of the shuffle that assigns rows to train/validation/test
 */
public record DataSpec(Path path, String label, double validation, double test, long splitSeed,
                       Normalization normalize) {

    public enum Normalization { STANDARD, MINMAX, NONE }
}
