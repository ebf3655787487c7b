package dev.liandan.api;

import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.ensemble.EnsembleOptions;
import dev.liandan.ensemble.EnsembleResult;
import dev.liandan.ensemble.Method;
import dev.liandan.ensemble.Metric;
import dev.liandan.study.StudyLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A study a space file describes, run and ensembled from Java, then loaded again by name. */
class FileStudyTest {
    @TempDir
    Path dir;

    private Path space() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/spaces/iris-tiny.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = dir.resolve("iris-tiny.yaml");
        Files.writeString(file, text.replace("DATA_DIR", Path.of("data").toAbsolutePath().toString())
                .replace("EPOCHS", "3"));
        return file;
    }

    @Test
    void aSpaceFileStudyRunsItsOwnTrialsBuildsAnEnsembleAndLoadsAgain() throws IOException {
        Path results = dir.resolve("results");
        try (Study study = Study.fromSpaceFile(space(), results)) {
            assertEquals(3, study.optimize(3).finished());
            assertTrue(study.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE));
            assertTrue(Files.isRegularFile(new StudyLayout(results.resolve("iris-tiny")).model(0)));
            EnsembleResult ensemble = study.buildEnsemble(new EnsembleOptions(Method.SOFT_VOTE, 2, 2, 1, false, false,
                    Metric.LOG_LOSS, false, 1, 1).keeping(true));
            assertTrue(Files.isDirectory(ensemble.bundle()), ensemble.toString());
            // define-by-run over the file's parameters: the file's range is the parameter's range
            UserError e = assertThrows(UserError.class, () -> study.optimize(t -> t.suggestFloat("lr", 0.01, 0.5), 4));
            assertTrue(e.getMessage().contains("parameter 'lr'"), e.getMessage());
        }
        try (Study loaded = Study.load("iris-tiny", results.resolve("iris-tiny/study.db").toString())) {
            // 3 COMPLETE + the FAILED trial of the refused range count; one more runs
            assertEquals(5, loaded.optimize(5).finished());
            assertEquals(4, loaded.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count());
        }
    }
}
