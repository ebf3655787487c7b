package dev.liandan.space;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parameter as a user reads it in a space file, for messages: {@code int [32, 256] log},
 * {@code float [0.0, 0.5] step 0.05}, {@code choice [relu, tanh]}, {@code = base_lr * 2},
 * {@code 0.9 when optimizer: nesterov}, and the key it sits under ({@code model.units}).
 */
public final class ParamYaml {
    private ParamYaml() {
    }

    /** The parameter's value or search range, in the words of the space file. */
    public static String describe(Param p) {
        String what;
        if (p instanceof FloatParam f) {
            what = "float [" + number(f.low()) + ", " + number(f.high()) + "]"
                    + (f.log() ? " log" : "") + (f.step() != null ? " step " + number(f.step()) : "");
        } else if (p instanceof IntParam i) {
            what = "int [" + i.low() + ", " + i.high() + "]" + (i.log() ? " log" : "") + (i.step() != 1 ? " step " + i.step() : "");
        } else if (p instanceof CategoricalParam c) {
            what = "choice " + list(c.choices());
        } else if (p instanceof DerivedParam d) {
            what = "= " + d.expression().text();
        } else if (p instanceof FixedParam x) {
            what = value(x.value());
        } else {
            what = p.name();
        }
        return what + p.condition().map(c -> " when " + c.param() + ": "
                + (c.values().size() == 1 ? value(c.values().get(0)) : list(c.values()))).orElse("");
    }

    /**
     * {@code before → now}, the kind word ({@code int}, {@code float}, {@code choice}) said once
     * when both share it: {@code int [32, 256] → [32, 512]}.
     */
    public static String change(Param before, Param now) {
        String a = describe(before);
        String b = describe(now);
        int space = a.indexOf(' ');
        if (space > 0 && !(before instanceof FixedParam) && b.startsWith(a.substring(0, space + 1))
                && before.getClass() == now.getClass()) {
            b = b.substring(space + 1);
        }
        return a + " → " + b;
    }

    /**
     * The key under which the parameter is written: {@code model.units}, {@code training.lr}, or
     * {@code params.base_lr} (always {@code params.} for a command trial, whose parameters all go there).
     */
    public static String key(Param p, boolean commandTrial) {
        if (!commandTrial) {
            Optional<Setting> setting = SettingCatalogue.installed().named(p.name());
            if (setting.isPresent()) {
                return setting.get().section() + "." + p.name();
            }
        }
        return "params." + p.name();
    }

    private static String list(List<Object> values) {
        return values.stream().map(ParamYaml::value).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String value(Object v) {
        return v instanceof Double d ? number(d) : String.valueOf(v);
    }

    /** As YAML writes it: 0.001, 1.0e-4, 32.0. */
    private static String number(double d) {
        return Double.toString(d).replace('E', 'e');
    }
}
