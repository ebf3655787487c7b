package dev.liandan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liandan bench}: the engine measured; each benchmark is a subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the engine; results go to bench/RESULTS.md with the command that produced them.",
        subcommands = {BenchPruneCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  liandan bench prune"})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
