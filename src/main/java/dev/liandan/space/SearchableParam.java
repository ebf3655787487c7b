package dev.liandan.space;

import java.util.List;
import java.util.Optional;

/**
 * A parameter the sampler chooses. Every searchable parameter maps to and from the unit
 * interval, so one sampler can serve any space: {@code fromUnit(u)} for u in [0, 1] is a valid
 * value, and {@code fromUnit(toUnit(v))} equals v for every valid v.
 */
public sealed interface SearchableParam extends Param permits FloatParam, IntParam, CategoricalParam {
    Object fromUnit(double u);

    double toUnit(Object value);

    /** The finite list of values a grid search walks, or empty when the range is continuous. */
    Optional<List<Object>> gridValues();

    /** True when {@code value} is a legal value of this parameter. */
    boolean contains(Object value);
}
