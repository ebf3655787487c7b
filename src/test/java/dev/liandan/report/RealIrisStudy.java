package dev.liandan.report;

import dev.liandan.ensemble.EnsembleBuilder;
import dev.liandan.ensemble.EnsembleListener;
import dev.liandan.ensemble.EnsembleOptions;
import dev.liandan.ensemble.EnsembleResult;
import dev.liandan.ensemble.Method;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudyStorage;
import dev.liandan.train.Dl4jBackend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real study for the report's tests: five short trials on the shipped iris data trained by the
 * dl4j backend into {@code work/results/iris-weak/} (SQLite storage there), swept from
 * {@code work/iris-weak.yaml}, and its ensemble bundle built by {@link EnsembleBuilder}.
 */
record RealIrisStudy(Path spaceFile, Path studyDir, StudyStorage storage, EnsembleResult ensemble) {
    static final String NAME = "iris-weak";

    static RealIrisStudy sweep(Path work, Method method) throws IOException {
        String text;
        try (InputStream in = RealIrisStudy.class.getResourceAsStream("/spaces/" + NAME + ".yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text = text.replace("DATA_DIR", Path.of("data").toAbsolutePath().toString()).replace("EPOCHS", "3");
        Files.createDirectories(work);
        Path file = work.resolve(NAME + ".yaml");
        Files.writeString(file, text);
        StudySpec spec = SpaceFileParser.parse(file);
        Path studyDir = work.resolve("results").resolve(NAME);
        StudyStorage storage = JdbcStorage.sqlite(studyDir.resolve("study.db"));
        new StudyRunner(storage, new Dl4jBackend(), studyDir, new StudyListener() {
        }).run(spec, 5);
        EnsembleResult ensemble = EnsembleBuilder.build(spec, storage.trials(NAME), studyDir,
                new EnsembleOptions(method, 5, 10, 1, false, false), new EnsembleListener() {
                });
        return new RealIrisStudy(file, studyDir, storage, ensemble);
    }
}
