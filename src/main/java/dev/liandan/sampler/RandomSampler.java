package dev.liandan.sampler;

import dev.liandan.core.Seeds;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/** Independent uniform draws on each parameter's unit interval (so log scales are respected). */
public final class RandomSampler implements Sampler {

    /** It reads no objective value, so it serves several objectives as it serves one. */
    @Override
    public boolean severalObjectives() {
        return true;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(request.seed(), request.index()));
        return Optional.of(request.space().assign(p -> p.fromUnit(rng.nextDouble())));
    }
}
