package dev.liandan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code liandan bench}: the engine measured against itself and its peers. Only groups the subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks of the engine; each prints markdown for bench/RESULTS.md."},
        subcommands = {BenchSearchCommand.class, BenchOverheadCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
