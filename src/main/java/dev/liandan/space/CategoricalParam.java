package dev.liandan.space;

import dev.liandan.core.UserError;
import java.util.List;
import java.util.Optional;

/** A choice among strings, numbers or booleans; each choice owns an equal slice of [0, 1]. */
public record CategoricalParam(String name, List<Object> choices, Optional<Condition> condition,
                               SourceLocation location) implements SearchableParam {

    public CategoricalParam {
        choices = List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException(name + ": no choices");
        }
    }

    public int indexOf(Object value) {
        for (int i = 0; i < choices.size(); i++) {
            if (Values.same(choices.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object fromUnit(double u) {
        u = FloatParam.clampUnit(u);
        return choices.get(Math.min(choices.size() - 1, (int) Math.floor(u * choices.size())));
    }

    @Override
    public double toUnit(Object value) {
        int i = indexOf(value);
        if (i < 0) {
            throw new UserError("parameter '" + name + "' has no choice '" + value + "'");
        }
        return (i + 0.5) / choices.size();
    }

    @Override
    public Optional<List<Object>> gridValues() {
        return Optional.of(choices);
    }

    @Override
    public boolean contains(Object value) {
        return indexOf(value) >= 0;
    }
}
