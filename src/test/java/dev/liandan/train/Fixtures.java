package dev.liandan.train;

import dev.liandan.space.DataSpec;
import dev.liandan.core.Direction;
import dev.liandan.space.Objective;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.Space;
import dev.liandan.space.StudySpec;
import dev.liandan.study.EpochListener;
import dev.liandan.study.TrialRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Specs and requests built by hand, on the shipped data sets. */
final class Fixtures {
    private Fixtures() {
    }

    static final Path IRIS = Path.of("data/iris.csv");
    static final Path DIGITS = Path.of("data/digits.csv.gz");

    static DataSpec iris() {
        return new DataSpec(IRIS, "label", 0.2, 0.2, 7, DataSpec.Normalization.STANDARD);
    }

    static DataSpec digits() {
        return new DataSpec(DIGITS, "label", 0.2, 0.2, 7, DataSpec.Normalization.STANDARD);
    }

    static StudySpec study(DataSpec data, String metric, Direction direction) {
        return new StudySpec("t", Path.of("t.yaml"), "", data, new Space(List.of()), new Objective(metric, direction),
                new SearchSpec("random", 1, 0, null));
    }

    static StudySpec study(DataSpec data) {
        return study(data, "val_accuracy", Direction.MAXIMIZE);
    }

    /** Every setting at its default, then {@code overrides} (name, value, name, value, ...). */
    static Map<String, Object> params(Object... overrides) {
        Map<String, Object> p = TrialConfig.defaults();
        for (int i = 0; i < overrides.length; i += 2) {
            p.put((String) overrides[i], overrides[i + 1]);
        }
        return p;
    }

    static TrialRequest request(StudySpec spec, Map<String, Object> params, long seed, Path dir,
                                EpochListener listener) {
        return new TrialRequest(spec, 0, params, seed, dir, listener);
    }
}
