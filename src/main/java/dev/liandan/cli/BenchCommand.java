package dev.liandan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code liandan bench}: the engine measured against itself and its peers. Only groups the subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks of the engine; each prints markdown for bench/RESULTS.md."},
        subcommands = {BenchSearchCommand.class, BenchAskCommand.class, BenchOverheadCommand.class, BenchPruneCommand.class, BenchLoaderCommand.class, BenchLcbenchCommand.class,
                BenchEnsembleCommand.class, BenchTrialCommand.class, BenchMooCommand.class, BenchFrontCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  liandan bench search --seeds 10 --trials 100", "  liandan bench overhead",
                "  liandan bench prune"})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
