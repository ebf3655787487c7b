package dev.liandan.train;

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
 */
public record Dataset(Path source, String labelColumn, List<String> featureNames, List<String> classNames,
                      FeatureScaler scaler, Split train, Split validation, Split test) {

    public Dataset {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
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
