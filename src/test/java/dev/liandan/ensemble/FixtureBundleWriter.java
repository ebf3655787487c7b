package dev.liandan.ensemble;

import dev.liandan.space.StudySpec;
import dev.liandan.study.StudyStorage;
import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the bundle fixture that {@link FixtureBundleTest} loads: a soft vote of 2 tiny iris
 * models, and {@code expected.csv} (raw test rows and what the bundle predicts for them).
 * Not a test: run it by hand when the bundle format changes (and bump the format version then):
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.liandan.ensemble.FixtureBundleWriter
 * </pre>
 */
public final class FixtureBundleWriter {
    static final Path FIXTURE = Path.of("src/test/resources/ensemble/fixture");

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("fixture");
        StudySpec spec = IrisStudy.spec(tmp, 15);
        Path studyDir = tmp.resolve("iris-tiny");
        EnsembleResult r;
        try (StudyStorage storage = IrisStudy.sweep(spec, studyDir, 2)) {
            r = EnsembleBuilder.build(spec, storage.trials(spec.name()), studyDir,
                    new EnsembleOptions(Method.SOFT_VOTE, 2, 1, 1, false, false), new EnsembleListener() {
                    });
        }
        if (Files.exists(FIXTURE)) {
            try (Stream<Path> walk = Files.walk(FIXTURE)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Path bundle = FIXTURE.resolve("bundle");
        Files.createDirectories(bundle.resolve("members"));
        try (Stream<Path> walk = Files.walk(r.bundle())) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Files.copy(p, bundle.resolve(r.bundle().relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Dataset data = Datasets.load(spec.data());
        double[][] raw = IrisStudy.rawRows(IrisStudy.IRIS, data.test().rows(), "label");
        try (Ensemble e = Ensemble.load(bundle); Writer w = Files.newBufferedWriter(FIXTURE.resolve("expected.csv"))) {
            double[][] p = e.predictProba(raw);
            String[] labels = e.predict(raw);
            w.write(String.join(",", data.featureNames()) + ",label," + "p_0,p_1,p_2\n");
            for (int i = 0; i < raw.length; i++) {
                StringBuilder sb = new StringBuilder();
                for (double v : raw[i]) {
                    sb.append(v).append(',');
                }
                sb.append(labels[i]);
                for (double v : p[i]) {
                    sb.append(',').append(v);
                }
                w.write(sb.append('\n').toString());
            }
        }
        System.out.println("wrote " + FIXTURE.toAbsolutePath() + " (" + r.manifest().members().size() + " members)");
    }
}
