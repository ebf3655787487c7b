package dev.liandan.study;

import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.storage.JdbcStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resuming a stored study from an edited space file (what {@link StudyRunner#prepare} decides,
 * on a real SQLite file): edits that leave the study the same resume it, a changed search is
 * refused with one line that names what changed.
 */
class StudyMatchTest {
    @TempDir
    Path dir;

    private static final String ORIGINAL = """
            # iris, resumed in the test
            study: iris-match
            data: {path: DATA, label: label, validation: 0.3, test: 0.0, split_seed: 1}
            model:
              hidden_layers: 1
              units: {int: [4, 16]}
            training:
              epochs: 1
              batch_size: 32
              lr: {float: [1.0e-3, 1.0e-1], log: true}
            objective: {metric: val_accuracy}
            search: {sampler: random, trials: 3, seed: 5}
            """;

    private StudySpec spec(String text) throws IOException {
        Path file = dir.resolve("iris.yaml");
        Files.writeString(file, text.replace("DATA", Path.of("data/iris.csv").toAbsolutePath().toString()));
        return SpaceFileParser.parse(file);
    }

    /** Creates the study from {@link #ORIGINAL}, then prepares it again from {@code edited}. */
    private void resume(String edited) throws IOException {
        try (StudyStorage storage = JdbcStorage.sqlite(dir.resolve("study.db"))) {
            StudySetup.prepare(storage, spec(ORIGINAL));
            StudySetup.prepare(storage, spec(edited));
        }
    }

    private UserError refused(String edited) {
        UserError e = assertThrows(UserError.class, () -> resume(edited));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("study 'iris-match' already exists with a different space file"), e.getMessage());
        return e;
    }

    @Test
    void theSameFileResumes() throws IOException {
        resume(ORIGINAL);
    }

    @Test
    void commentsLayoutAndKeyOrderResume() throws IOException {
        resume("""
                # iris: a comment edited, keys reordered, flow mappings written as blocks
                study: iris-match
                objective:
                  metric: val_accuracy
                training:
                  lr: {log: true, float: [0.001, 0.1]}   # the same range, written otherwise
                  batch_size: 32
                  epochs: 1
                model:
                  units: {int: [4, 16]}
                  hidden_layers: 1
                data:
                  label: label
                  path: DATA
                  split_seed: 1
                  validation: 0.3
                  test: 0.0
                search:
                  seed: 5
                  sampler: random
                  trials: 3
                """);
    }

    @Test
    void aDefaultWrittenOutResumes() throws IOException {
        resume(ORIGINAL.replace("  hidden_layers: 1\n", "  hidden_layers: 1\n  dropout: 0.0\n"));
    }

    @Test
    void aNewBudgetResumes() throws IOException {
        resume(ORIGINAL.replace("trials: 3", "trials: 30"));
        resume(ORIGINAL.replace("trials: 3, seed: 5", "trials: 3, seed: 5, time_budget: 10m"));
    }

    @Test
    void aChangedRangeIsRefusedNamingTheParameter() {
        UserError e = refused(ORIGINAL.replace("lr: {float: [1.0e-3, 1.0e-1]", "lr: {float: [1.0e-4, 1.0e-1]"));
        assertTrue(e.getMessage().contains("; training.lr: float [0.001, 0.1] log → [1.0e-4, 0.1] log)"), e.getMessage());
        assertFalse(e.getMessage().contains("units"), e.getMessage());
        assertFalse(e.getMessage().contains("FloatParam"), "no Java names: " + e.getMessage());
    }

    @Test
    void changesAreShownInTheTermsOfTheSpaceFile() {
        assertRefusedNaming("model.units: int [4, 16] → [4, 32]", ORIGINAL.replace("[4, 16]", "[4, 32]"));
        assertRefusedNaming("model.units: int [4, 16] → choice [4, 8]", ORIGINAL.replace("{int: [4, 16]}", "{choice: [4, 8]}"));
        assertRefusedNaming("training.batch_size: 32 → 64", ORIGINAL.replace("batch_size: 32", "batch_size: 64"));
        // a setting left out of the file is its default: 0.9 for momentum
        assertRefusedNaming("training.momentum: 0.9 → float [0.8, 0.99] when optimizer: nesterov",
                ORIGINAL.replace("  batch_size: 32\n", "  batch_size: 32\n  optimizer: {choice: [adam, nesterov]}\n"
                        + "  momentum: {float: [0.8, 0.99], when: {optimizer: nesterov}}\n"));
    }

    @Test
    void otherChangesAreRefusedNamingTheSection() {
        assertRefusedNaming("search", ORIGINAL.replace("seed: 5", "seed: 6"));
        assertRefusedNaming("data", ORIGINAL.replace("split_seed: 1", "split_seed: 2"));
        assertRefusedNaming("objective", ORIGINAL.replace("{metric: val_accuracy}", "{metric: val_loss}"));
        assertRefusedNaming("model.dropout: 0.0 → 0.1", ORIGINAL.replace("  hidden_layers: 1\n", "  hidden_layers: 1\n  dropout: 0.1\n"));
    }

    private void assertRefusedNaming(String what, String edited) {
        String message = refused(edited).getMessage();
        assertTrue(message.contains(what), message);
    }
}
