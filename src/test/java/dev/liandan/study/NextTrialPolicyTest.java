package dev.liandan.study;

import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.pruner.Pruner;
import dev.liandan.sampler.RandomSampler;
import dev.liandan.sampler.SampleRequest;
import dev.liandan.sampler.Sampler;
import dev.liandan.sampler.Samplers;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which trials the sampler learns from when the study's pruner is Hyperband. */
class NextTrialPolicyTest {
    private static final int N = 150;

    @TempDir
    Path dir;

    private StudySpec spec(String sampler) throws IOException {
        Path file = dir.resolve(sampler + ".yaml");
        Files.writeString(file, """
                study: brackets
                data: {path: %s, label: label, validation: 0.3, test: 0.0, split_seed: 1}
                model:
                  hidden_layers: 1
                  units: {int: [4, 64]}
                training:
                  epochs: 27
                  batch_size: 32
                  lr: {float: [1.0e-4, 1.0e-1], log: true}
                objective: {metric: val_accuracy}
                search:
                  sampler: %s
                  trials: 1000
                  seed: 7
                  pruner: {type: hyperband, min_resource: 1, reduction_factor: 3}
                """.formatted(Path.of("data/iris.csv").toAbsolutePath(), sampler));
        return SpaceFileParser.parse(file);
    }

    /** N finished trials of random configurations, valued by how close lr is to 1e-2. */
    private static List<Trial> trials(StudySpec spec) {
        List<Trial> out = new ArrayList<>();
        for (int n = 0; n < N; n++) {
            Map<String, Object> p = new RandomSampler().sample(new SampleRequest(spec.space(), List.of(),
                    spec.objective().direction(), 3, n)).orElseThrow();
            double lr = ((Number) p.get("lr")).doubleValue();
            double value = 1 - Math.abs(Math.log10(lr) + 2);
            out.add(new Trial(n, TrialState.COMPLETE, p, 0, null, value, Map.of(), List.of(value), 27, null, null,
                    "w", null, null));
        }
        return out;
    }

    private static SampleRequest request(StudySpec spec, List<Observation> history) {
        return new SampleRequest(spec.space(), history, spec.objective().direction(), spec.search().seed(), N);
    }

    @Test
    void underHyperbandTpeLearnsOnlyFromTheNewTrialsBracket() throws IOException {
        StudySpec spec = spec("tpe");
        List<Trial> trials = trials(spec);
        List<Observation> all = trials.stream().map(Trial::observation).toList();
        Pruner hyperband = StudySetup.checkPruner(spec);
        Sampler tpe = Samplers.configured(spec.search());
        List<Observation> bracket = hyperband.samplerHistory(all, N, 7, 27);
        assertTrue(bracket.size() >= 10 && bracket.size() < N, "the new trial's bracket: " + bracket.size());

        Next next = new NextTrialPolicy(tpe, "w", hyperband).decide(spec, trials, 1000, Instant.EPOCH);
        assertEquals(tpe.sample(request(spec, bracket)).orElseThrow(), next.trial().params());
        // without the pruner's narrowing, TPE answers the whole history, which differs here
        Map<String, Object> whole = new NextTrialPolicy(tpe, "w").decide(spec, trials, 1000, Instant.EPOCH).trial().params();
        assertEquals(tpe.sample(request(spec, all)).orElseThrow(), whole);
        assertNotEquals(whole, next.trial().params());
    }

    @Test
    void bohbModelsTheFidelityItselfAndSeesEveryTrial() throws IOException {
        StudySpec spec = spec("bohb");
        List<Trial> trials = trials(spec);
        List<Observation> all = trials.stream().map(Trial::observation).toList();
        Sampler bohb = Samplers.configured(spec.search());
        Next next = new NextTrialPolicy(bohb, "w", StudySetup.checkPruner(spec)).decide(spec, trials, 1000, Instant.EPOCH);
        assertEquals(bohb.sample(request(spec, all)).orElseThrow(), next.trial().params());
    }
}
