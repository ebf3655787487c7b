package dev.liandan.train;

import dev.liandan.space.DataSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded, split and normalised classification data set, as every trial of a study sees it.
 * Loaded once per JVM by {@link Datasets#load} and shared read-only.
 *
 * @param source       the CSV file
 * @param labelColumn  the label column's name
 * @param featureNames the feature columns, in file order (the order of every feature vector)
 * @param classNames   the distinct label values, sorted (numerically when all are numbers); a
 *                     row's class index is its label's position here
 * @param scaler       the normalisation, fitted on {@code train} only
 * @param train        rows the network is fitted on
 * @param validation   rows that score a trial (early stopping, the objective, saved predictions)
 * @param test         rows no trial ever sees; held out for the ensemble step
 * @param image        the image shape of a {@code format: images} folder (a CNN's default input
 *                     shape), or null
 */
public record Dataset(Path source, String labelColumn, List<String> featureNames, List<String> classNames,
                      FeatureScaler scaler, Split train, Split validation, Split test, DataSpec.Image image) {

    public Dataset {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
    }

    /** A data set of no known image shape. */
    public Dataset(Path source, String labelColumn, List<String> featureNames, List<String> classNames,
                   FeatureScaler scaler, Split train, Split validation, Split test) {
        this(source, labelColumn, featureNames, classNames, scaler, train, validation, test, null);
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int classCount() {
        return classNames.size();
    }

    /** The split called "train", "validation" or "test". */
    public Split split(String name) {
        switch (name) {
            case "train":
                return train;
            case "validation":
                return validation;
            case "test":
                return test;
            default:
                throw new IllegalArgumentException("no split '" + name + "'");
        }
    }
}
