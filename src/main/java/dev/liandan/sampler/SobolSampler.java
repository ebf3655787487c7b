package dev.liandan.sampler;

import dev.liandan.core.Seeds;
import dev.liandan.space.SearchableParam;
import org.apache.commons.math3.random.SobolSequenceGenerator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Quasi-random points of a Sobol sequence (Sobol 1967; Commons Math's Joe-Kuo direction
 * numbers), one dimension per searchable parameter, which cover the unit cube more evenly than
 * independent draws. The all-zero first point is skipped, and each dimension is shifted by a
 * seeded random offset modulo 1 (a Cranley-Patterson rotation) so that seeds give different but
 * equally even designs.
 */
public final class SobolSampler implements Sampler {

    /** It reads no objective value, so it serves several objectives as it serves one. */
    @Override
    public boolean severalObjectives() {
        return true;
    }

    @Override
    public String name() {
        return "sobol";
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        List<SearchableParam> params = request.space().searchable();
        if (params.isEmpty()) {
            return Optional.of(request.space().assign(p -> p.fromUnit(0.5)));
        }
        int dims = params.size();
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(dims);
        sobol.skipTo(request.index() + 1);
        double[] point = sobol.nextVector();
        SplittableRandom shifts = new SplittableRandom(Seeds.mix(request.seed(), -1));
        Map<String, Double> unit = new HashMap<>();
        for (int d = 0; d < dims; d++) {
            double u = point[d] + shifts.nextDouble();
            unit.put(params.get(d).name(), u - Math.floor(u));
        }
        return Optional.of(request.space().assign(p -> p.fromUnit(unit.get(p.name()))));
    }
}
