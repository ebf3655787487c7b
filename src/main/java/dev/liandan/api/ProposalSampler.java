package dev.liandan.api;

import dev.liandan.sampler.SampleRequest;
import dev.liandan.sampler.Sampler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The study's sampler, its proposals without the marker parameter of {@link KnownSpace}. */
record ProposalSampler(Sampler inner) implements Sampler {
    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean severalObjectives() {
        return inner.severalObjectives();
    }

    @Override
    public boolean modelsFidelity() {
        return inner.modelsFidelity();
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        return inner.sample(request).map(p -> {
            Map<String, Object> out = new LinkedHashMap<>(p);
            out.remove(KnownSpace.ALWAYS);
            return out;
        });
    }
}
