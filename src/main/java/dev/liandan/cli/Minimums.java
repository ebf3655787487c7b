package dev.liandan.cli;

import dev.liandan.core.UserError;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The check of a command's counts ({@code --seeds}, {@code --trials}, {@code --repeats}, ...):
 * every parsed value at or above its least, else one line naming all the options checked, e.g.
 * "--seeds and --trials must be >= 1", as a {@link UserError} (exit 2). The values are read from
 * the parsed options by name, so that the line names exactly what is checked; a list option
 * ({@code --trials 100,1000}) is checked element by element. Used as
 * {@code Minimums.of(spec).atLeast(1, "--seeds", "--trials").check()}.
 */
final class Minimums {
    private final CommandSpec spec;
    private final List<String> rules = new ArrayList<>();
    private boolean met = true;

    private Minimums(CommandSpec spec) {
        this.spec = spec;
    }

    static Minimums of(CommandSpec spec) {
        return new Minimums(spec);
    }

    /** Each of the named options (long names, as the help shows them) must be >= {@code least}. */
    Minimums atLeast(int least, String... options) {
        rules.add(names(options) + (rules.isEmpty() ? " must be >= " : " >= ") + least);
        for (String name : options) {
            OptionSpec option = spec.findOption(name);
            if (option == null) {
                throw new IllegalArgumentException(spec.qualifiedName() + " has no option " + name);
            }
            Object value = option.getValue();
            Collection<?> values = value == null ? List.of() : value instanceof Collection<?> c ? c : List.of(value);
            for (Object v : values) {
                // written so that NaN fails too
                met &= ((Number) v).doubleValue() >= least;
            }
        }
        return this;
    }

    /** Throws the line naming every rule if any value breaks one. */
    void check() {
        if (!met) {
            throw new UserError(String.join(" and ", rules));
        }
    }

    /** "--a", "--a and --b", "--a, --b and --c". */
    private static String names(String... options) {
        int last = options.length - 1;
        return last == 0 ? options[0]
                : String.join(", ", List.of(options).subList(0, last)) + " and " + options[last];
    }
}
