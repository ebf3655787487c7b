package dev.liandan.space;

import dev.liandan.core.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The parameters of a study in dependency order: a parameter comes after the parameter its
 * condition names and after every name its expression reads. The parser guarantees that order
 * (and the absence of cycles); this class relies on it.
 */
public record Space(List<Param> params) {

    public Space {
        params = List.copyOf(params);
    }

    public List<SearchableParam> searchable() {
        List<SearchableParam> out = new ArrayList<>();
        for (Param p : params) {
            if (p instanceof SearchableParam s) {
                out.add(s);
            }
        }
        return out;
    }

    public Optional<Param> get(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Builds one trial's configuration: walks the parameters in order, asks {@code chooser} for
     * each searchable parameter that is active, copies fixed values and evaluates derived ones.
     * Inactive parameters are left out of the result.
     */
    public Map<String, Object> assign(Function<SearchableParam, Object> chooser) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : params) {
            if (!isActive(p, values)) {
                continue;
            }
            Object value;
            if (p instanceof SearchableParam s) {
                value = chooser.apply(s);
            } else if (p instanceof FixedParam f) {
                value = f.value();
            } else {
                value = ((DerivedParam) p).expression().evaluate(values);
            }
            values.put(p.name(), value);
        }
        return values;
    }

    /**
     * The configuration for given values of the searchable parameters (enqueued or stored
     * configurations): a missing active value or one outside its range is a user error.
     */
    public Map<String, Object> resolve(Map<String, Object> searched) {
        return assign(p -> {
            Object v = searched.get(p.name());
            if (v == null) {
                throw new UserError("parameter '" + p.name() + "' needs a value");
            }
            if (!p.contains(v)) {
                throw new UserError("parameter '" + p.name() + "' = " + v + " is outside its range");
            }
            return v;
        });
    }

    /** Whether {@code p}'s condition holds for the values assigned so far. */
    public static boolean isActive(Param p, Map<String, Object> assigned) {
        return p.condition().map(c -> assigned.containsKey(c.param()) && c.accepts(assigned.get(c.param())))
                .orElse(true);
    }
}
