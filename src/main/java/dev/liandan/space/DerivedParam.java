package dev.liandan.space;

import java.util.Optional;

/**
 * A value computed from other parameters, written {@code lr: "= base_lr * batch_size / 256"}
 * (the linear scaling rule, Goyal et al. 2017). Values are Doubles.
 */
public record DerivedParam(String name, Expression expression, Optional<Condition> condition,
                           SourceLocation location) implements Param {
}
