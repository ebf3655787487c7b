package dev.liandan.train;

import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.study.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shipped example of the training craft parses, and one trial of each runs for an epoch. */
class ExampleSpacesTest {

    static final List<String> EXAMPLES = List.of("digits-cnn.yaml", "digits-rnn.yaml", "digits-highway.yaml",
            "digits-lr-find.yaml", "mnist-png-cnn.yaml");

    @TempDir
    Path tmp;

    @Test
    void eachExampleParsesAndATrialOfItTrainsForAnEpoch() throws Exception {
        for (String name : EXAMPLES) {
            StudySpec spec = SpaceFileParser.parse(Path.of("search-spaces", name));
            Map<String, Object> params = new LinkedHashMap<>(LrFinder.centreParams(spec));
            params.put("epochs", 1L);
            TrialOutcome o = new Dl4jBackend().run(Fixtures.request(spec, params, 1, tmp.resolve(name), null));
            assertEquals(1, o.epochs(), name);
            assertTrue(o.value() > 0.3, name + ": val_accuracy " + o.value());
        }
    }
}
