package dev.liandan.study;

import java.nio.file.Path;

/**
 * Where a study's files lie below its results folder, and the artifacts contract between the
 * backends that write a trial's files and the readers (ensemble, report, predict):
 *
 * <pre>
 * &lt;study dir&gt;/trials/&lt;number&gt;/{@value #MODEL_FILE}        the trained model (a DL4J ModelSerializer zip)
 * &lt;study dir&gt;/trials/&lt;number&gt;/{@value #PREDICTIONS_FILE}  its class probabilities on the validation split
 * &lt;study dir&gt;/trials/&lt;number&gt;/{@value #INPUT_FILE}          a user's own network only: the shape of one
 *                                                     example and the class names ({"shape": [1, 28, 28], "classes": [...]})
 * </pre>
 *
 * A backend that keeps a model writes both files (each complete or absent: written to a
 * temporary name, then moved); a trial without them is simply not an ensemble member.
 *
 * @param studyDir the study's folder ({@code <results>/<study>})
 */
public record StudyLayout(Path studyDir) {
    /** The trained model of a trial, as DL4J's {@code ModelSerializer} writes it. */
    public static final String MODEL_FILE = "model.zip";
    /** A trial's validation probabilities: {@code row,label,p_<class0>,...}. */
    public static final String PREDICTIONS_FILE = "val_predictions.csv";
    /**
     * A user's own network's input: one example's shape and the class names. Its trial's
     * validation predictions have the class index as their label and {@code p_<index>} columns.
     */
    public static final String INPUT_FILE = "input.json";
    /** The folder below the study's that holds one folder per trial. */
    public static final String TRIALS_DIR = "trials";

    /** Trial {@code number}'s artifact folder (created by whoever first writes there). */
    public Path trialDir(int number) {
        return studyDir.resolve(TRIALS_DIR).resolve(Integer.toString(number));
    }

    /** Trial {@code number}'s model file. */
    public Path model(int number) {
        return trialDir(number).resolve(MODEL_FILE);
    }

    /** Trial {@code number}'s input description (own networks). */
    public Path input(int number) {
        return trialDir(number).resolve(INPUT_FILE);
    }

    /** Trial {@code number}'s validation predictions. */
    public Path validationPredictions(int number) {
        return trialDir(number).resolve(PREDICTIONS_FILE);
    }
}
