package dev.liandan.space;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.liandan.space.SpaceFiles.BASE;
import static dev.liandan.space.SpaceFiles.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One test per mistake in the file as a whole, its YAML, and the study, data, objective and
 * search sections: each names the exact line:column and the part of the message that tells the
 * user what was expected. BASE fills lines 1-6, so appended text starts on line 7.
 */
class SpaceFileErrorsTest {
    @TempDir
    Path dir;

    // ---- the file and its YAML

    @Test
    void unreadableFileIsAUserErrorWithoutLocation() {
        Path missing = dir.resolve("nope.yaml");
        UserError e = assertThrows(UserError.class, () -> SpaceFileParser.parse(missing));
        assertFalse(e instanceof SpaceError);
        assertEquals(missing + ": cannot read: no such file", e.getMessage());
    }

    @Test
    void folderInsteadOfFileCannotBeRead() {
        UserError e = assertThrows(UserError.class, () -> SpaceFileParser.parse(dir));
        assertEquals(dir + ": cannot read: ", e.getMessage().substring(0, (dir + ": cannot read: ").length()));
    }

    @Test
    void fileThatIsNotUtf8CannotBeRead() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'s', 't', 'u', 'd', 'y', ':', ' ', (byte) 0xE9, '\n'});
        UserError e = assertThrows(UserError.class, () -> SpaceFileParser.parse(file));
        assertEquals(file + ": cannot read: not UTF-8 text", e.getMessage());
    }

    @Test
    void invalidYamlIsReportedWhereSnakeYamlSeesTheProblem() {
        error(dir, BASE + "training:\n  epochs: [1, 2\n  lr: 3\n", 9, 5, "invalid YAML: expected ',' or ']', but got :");
    }

    @Test
    void unclosedQuoteIsInvalidYaml() {
        error(dir, "study: \"t\ndata: x\n", 3, 1, "invalid YAML: found unexpected end of stream");
    }

    @Test
    void tabIndentationIsInvalidYaml() {
        error(dir, "study: t\ndata:\n\tpath: x\n", 3, 1, "Do not use \\t(TAB) for indentation");
    }

    @Test
    void duplicateKeyIsReportedAtTheSecond() {
        error(dir, BASE + "training:\n  epochs: 3\n  epochs: 4\n", 9, 3, "duplicate key 'epochs' (first at line 8)");
    }

    @Test
    void duplicateTopLevelKey() {
        error(dir, BASE + "study: u\n", 7, 1, "duplicate key 'study' (first at line 1)");
    }

    @Test
    void aliasesAreRefused() {
        error(dir, BASE + "training:\n  epochs: &e 3\n  patience: *e\n", 9, 13, "YAML aliases (*e) are not supported");
    }

    @Test
    void secondDocumentIsRefused() {
        error(dir, BASE + "---\nstudy: u\n", 8, 1, "one YAML document");
    }

    @Test
    void emptyFile() {
        error(dir, "", 1, 1, "the file is empty");
    }

    @Test
    void fileWithOnlyComments() {
        error(dir, "# nothing yet\n", 1, 1, "the file is empty");
    }

    @Test
    void topLevelMustBeAMapping() {
        error(dir, "- study\n- data\n", 1, 1, "the space file: expected a mapping (key: value lines), got a list");
    }

    @Test
    void unknownTopLevelKey() {
        error(dir, BASE + "trainng:\n  epochs: 3\n", 7, 1, "unknown key 'trainng' in the space file: expected one of"
                + " study, data, params, model, training, objective, search, trial, ensemble (did you mean 'training'?)");
    }

    @Test
    void infinityIsNotANumber() {
        error(dir, BASE + "params:\n  x: .inf\n", 8, 6, "'.inf' is not a finite number");
    }

    @Test
    void hugeIntegerIsRefused() {
        error(dir, BASE + "training:\n  epochs: 123456789012345678901234\n", 8, 11, "integer 123456789012345678901234 is too large");
    }

    // ---- study

    @Test
    void missingStudyIsReportedAtTheFileStart() {
        error(dir, BASE.replace("study: t\n", ""), 1, 1, "the space file: missing required key 'study'");
    }

    @Test
    void badStudyName() {
        error(dir, BASE.replace("study: t", "study: my study"), 1, 8, "'my study' is not a valid study name");
    }

    @Test
    void studyNameMustStartWithLetterOrDigit() {
        error(dir, BASE.replace("study: t", "study: .hidden"), 1, 8, "starting with a letter or digit");
    }

    @Test
    void studyNameMustBeAValue() {
        error(dir, BASE.replace("study: t", "study: [a]"), 1, 8, "study: expected a single value, got a list");
    }

    // ---- data

    @Test
    void missingDataSection() {
        error(dir, BASE.replace("data:\n  path: tiny.csv\n  label: label\n", ""), 1, 1, "missing required key 'data'");
    }

    @Test
    void dataMustBeAMapping() {
        error(dir, BASE.replace("data:\n  path: tiny.csv\n  label: label\n", "data: tiny.csv\n"), 2, 7,
                "data: expected a mapping (key: value lines), got 'tiny.csv'");
    }

    @Test
    void missingLabelIsReportedAtTheDataKey() {
        error(dir, BASE.replace("  label: label\n", ""), 2, 1, "data: missing required key 'label'");
    }

    @Test
    void missingDataPath() {
        error(dir, BASE.replace("  path: tiny.csv\n", ""), 2, 1, "data: missing required key 'path'");
    }

    @Test
    void unknownDataKey() {
        error(dir, BASE.replace("  label: label\n", "  label: label\n  shuffle: true\n"), 5, 3,
                "unknown key 'shuffle' in data: expected one of path, label, validation, test, split_seed, normalize");
    }

    @Test
    void dataFileNotFoundGivesTheAbsolutePath() {
        error(dir, BASE.replace("tiny.csv", "nope.csv"), 3, 9,
                "data file not found: " + dir.resolve("nope.csv").toAbsolutePath().normalize());
    }

    @Test
    void dataPathThatIsAFolder() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        error(dir, BASE.replace("tiny.csv", "sub"), 3, 9, "is a folder: expected a CSV file");
    }

    @Test
    void labelColumnMissingListsTheHeader() {
        error(dir, BASE.replace("label: label", "label: y"), 4, 10,
                "label column 'y' not in the header of tiny.csv: f0, f1, label");
    }

    @Test
    void labelColumnMissingInWideDataListsTheFirstTenColumns() {
        String text = BASE.replace("tiny.csv", SpaceFileParserTest.DIGITS.toString()).replace("label: label", "label: target");
        error(dir, text, 4, 10, "label column 'target' not in the header of digits.csv.gz:"
                + " f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, … (first 10 of 65 columns)");
    }

    @Test
    void gzNameOnAPlainFile() throws IOException {
        Files.writeString(dir.resolve("fake.csv.gz"), "a,b\n1,2\n");
        error(dir, BASE.replace("tiny.csv", "fake.csv.gz"), 3, 9, "cannot read the header of data file");
    }

    @Test
    void emptyDataFile() throws IOException {
        Files.writeString(dir.resolve("empty.csv"), "");
        error(dir, BASE.replace("tiny.csv", "empty.csv"), 3, 9, "is empty: expected a CSV header line");
    }

    @Test
    void dataFileWithoutLineBreaksIsNotReadWhole() throws IOException {
        Files.writeString(dir.resolve("blob.csv"), "x".repeat((1 << 20) + 10));
        error(dir, BASE.replace("tiny.csv", "blob.csv"), 3, 9, "has no line break in its first 1048576 characters");
    }

    @Test
    void windowsHeaderLineEndIsNotPartOfTheLastColumn() throws IOException {
        Files.writeString(dir.resolve("crlf.csv"), "a,y\r\n1,2\r\n3,4\r\n");
        assertEquals("y", SpaceFiles.parse(dir, BASE.replace("tiny.csv", "crlf.csv").replace("label: label", "label: y"))
                .data().label());
    }

    @Test
    void validationOutsideTheOpenUnitInterval() {
        error(dir, BASE.replace("  label: label\n", "  label: label\n  validation: 1.5\n"), 5, 15,
                "data.validation: expected a fraction in (0, 1), got 1.5");
    }

    @Test
    void negativeTestFraction() {
        error(dir, BASE.replace("  label: label\n", "  label: label\n  test: -0.1\n"), 5, 9,
                "data.test: expected a fraction in [0, 1), got -0.1");
    }

    @Test
    void validationPlusTestLeavesNoTrainingRows() {
        error(dir, BASE.replace("  label: label\n", "  label: label\n  validation: 0.5\n  test: 0.5\n"), 6, 9,
                "validation 0.5 + test 0.5 leaves no rows for training: expected a sum < 1");
    }

    @Test
    void validationMustBeANumber() {
        error(dir, BASE.replace("  label: label\n", "  label: label\n  validation: most\n"), 5, 15,
                "data.validation: expected a number, got 'most'");
    }

    @Test
    void splitSeedMustBeAnInteger() {
        error(dir, BASE.replace("  label: label\n", "  label: label\n  split_seed: abc\n"), 5, 15,
                "data.split_seed: expected an integer, got 'abc'");
    }

    @Test
    void badNormalizeWord() {
        error(dir, BASE.replace("  label: label\n", "  label: label\n  normalize: zscore\n"), 5, 14,
                "data.normalize: expected one of standard, minmax, none, pixels, got 'zscore'");
    }

    // ---- objective

    @Test
    void missingObjective() {
        error(dir, BASE.replace("objective:\n  metric: val_accuracy\n", ""), 1, 1, "missing required key 'objective'");
    }

    @Test
    void missingMetricIsReportedAtTheObjectiveKey() {
        error(dir, BASE.replace("  metric: val_accuracy\n", "  direction: maximize\n"), 5, 1,
                "objective: missing required key 'metric'");
    }

    @Test
    void badMetricWord() {
        error(dir, BASE.replace("metric: val_accuracy", "metric: accuracy"), 6, 11,
                "objective.metric: expected one of val_accuracy, val_loss, val_rmse, val_mae, val_r2, params, train_s, latency_ms, got 'accuracy'");
    }

    @Test
    void badDirectionWord() {
        error(dir, BASE + "  direction: up\n", 7, 14, "objective.direction: expected one of maximize, minimize, got 'up'");
    }

    @Test
    void misspeltDirectionGetsASuggestion() {
        error(dir, BASE + "  direction: minimise\n", 7, 14, "(did you mean 'minimize'?)");
    }

    // ---- search

    @Test
    void trialsMustBeAnInteger() {
        error(dir, BASE + "search:\n  trials: ten\n", 8, 11, "search.trials: expected an integer, got 'ten'");
    }

    @Test
    void trialsMustBePositive() {
        error(dir, BASE + "search:\n  trials: 0\n", 8, 11, "search.trials: expected an integer >= 1, got 0");
    }

    @Test
    void seedMustBeAnInteger() {
        error(dir, BASE + "search:\n  seed: 1.5\n", 8, 9, "search.seed: expected an integer, got '1.5'");
    }

    @Test
    void samplerMustBeAName() {
        error(dir, BASE + "search:\n  sampler: 5\n", 8, 12, "search.sampler: expected a text value, got '5'");
    }

    @Test
    void unknownSearchKey() {
        error(dir, BASE + "search:\n  budget: 3\n", 8, 3, "unknown key 'budget' in search: expected one of sampler, trials, seed");
    }

    @Test
    void samplerLocationPointsAtItsValueForALaterCheck() {
        Path file = SpaceFiles.write(dir, BASE + "search:\n  sampler: tpe\n");
        assertEquals(new SourceLocation(file.toString(), 8, 12), SpaceFileParser.parse(file).search().samplerLocation());
    }
}
