package dev.liandan.sampler;

import dev.liandan.space.SpaceError;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code search.options} from a space file to a configured sampler, and its errors at file:line:column. */
class SamplerOptionsTest {
    @TempDir
    Path dir;

    private StudySpec parse(String search) throws IOException {
        Files.writeString(dir.resolve("tiny.csv"), "f0,label\n1.0,0\n2.0,1\n");
        Path file = dir.resolve("space.yaml");
        Files.writeString(file, "study: t\ndata:\n  path: tiny.csv\n  label: label\nobjective:\n  metric: val_accuracy\n"
                + search);
        return SpaceFileParser.parse(file);
    }

    @Test
    void optionsReachTheSampler() throws IOException {
        StudySpec spec = parse("search:\n  sampler: tpe\n  options: {multivariate: true, constant_liar: true,"
                + " startup_trials: 5, gamma: 0.2, candidates: 48}\n");
        assertEquals(Map.of("multivariate", true, "constant_liar", true, "startup_trials", 5L, "gamma", 0.2,
                "candidates", 48L), spec.search().options().values());
        Sampler s = Samplers.configured(spec.search());
        assertInstanceOf(TpeSampler.class, s);
    }

    @Test
    void theDefaultSamplerIsAuto() throws IOException {
        assertInstanceOf(AutoSampler.class, Samplers.configured(parse("").search()));
    }

    @Test
    void aWrongOptionIsReportedAtItsPlace() throws IOException {
        StudySpec spec = parse("search:\n  sampler: tpe\n  options:\n    multivariate: true\n    gama: 0.2\n");
        SpaceError e = assertThrows(SpaceError.class, () -> Samplers.configured(spec.search()));
        assertEquals(dir.resolve("space.yaml") + ":11:11: search.options.gama: unknown option of the tpe sampler:"
                + " expected one of startup_trials, gamma, candidates, multivariate, constant_liar, prior_weight, bandwidth_weighting",
                e.getMessage());
        StudySpec random = parse("search:\n  sampler: random\n  options: {gamma: 0.2}\n");
        SpaceError r = assertThrows(SpaceError.class, () -> Samplers.configured(random.search()));
        assertEquals(dir.resolve("space.yaml") + ":9:20: search.options.gamma: the random sampler takes no options",
                r.getMessage());
    }

    @Test
    void optionValuesMustBeSingleValues() {
        SpaceError e = assertThrows(SpaceError.class, () -> parse("search:\n  options: {gamma: [0.1]}\n"));
        assertEquals(dir.resolve("space.yaml") + ":8:20: search.options.gamma: expected a single value, got a list",
                e.getMessage());
    }
}
