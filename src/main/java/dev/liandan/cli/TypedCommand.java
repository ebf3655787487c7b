package dev.liandan.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/** The command line as the user typed it, for a results file that says how its numbers were made. */
final class TypedCommand {
    private TypedCommand() {
    }

    /** {@code liandan} and every argument of the root's parse result (which holds the whole line, subcommands included). */
    static String of(CommandSpec spec) {
        List<String> parts = new ArrayList<>(List.of("liandan"));
        for (String a : spec.root().commandLine().getParseResult().originalArgs()) {
            parts.add(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        return String.join(" ", parts);
    }
}
