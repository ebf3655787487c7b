package dev.liandan.sampler;

import dev.liandan.space.CategoricalParam;
import dev.liandan.space.Condition;
import dev.liandan.space.DerivedParam;
import dev.liandan.space.Expression;
import dev.liandan.space.FixedParam;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.Space;

import java.util.List;
import java.util.Optional;

/** Spaces built directly from parameter records, for sampler tests. */
final class SamplerTestSpaces {
    private SamplerTestSpaces() {
    }

    /** lr log-float, layers int, optimizer choice, momentum only for nesterov, derived scaled lr. */
    static Space mixed() {
        return new Space(List.of(
                new FloatParam("base_lr", 1e-4, 1e-1, true, null, Optional.empty(), null),
                new IntParam("layers", 1, 4, false, 1, Optional.empty(), null),
                new CategoricalParam("batch_size", List.of(32L, 64L, 128L), Optional.empty(), null),
                new CategoricalParam("optimizer", List.of("adam", "nesterov"), Optional.empty(), null),
                new FloatParam("momentum", 0.8, 0.99, false, null,
                        Optional.of(new Condition("optimizer", List.of("nesterov"))), null),
                new FixedParam("epochs", 5L, Optional.empty(), null),
                new DerivedParam("lr", Expression.parse("base_lr * batch_size / 256", null), Optional.empty(), null)));
    }

    /** Only finite parameters: 3 optimizers (momentum for one of them, 2 values) × 2 widths. */
    static Space finite() {
        return new Space(List.of(
                new CategoricalParam("optimizer", List.of("adam", "sgd", "nesterov"), Optional.empty(), null),
                new FloatParam("momentum", 0.8, 0.9, false, 0.1,
                        Optional.of(new Condition("optimizer", List.of("nesterov"))), null),
                new IntParam("units", 32, 64, false, 32, Optional.empty(), null)));
    }
}
