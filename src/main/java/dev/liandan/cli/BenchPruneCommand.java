package dev.liandan.cli;

import dev.liandan.study.StudySetup;
import dev.liandan.bench.PruneBench;
import dev.liandan.bench.PruneBenchReport;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.train.Dl4jBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Random search with and without pruning (ASHA, Hyperband) on the same budget of epochs: "
                + "the best value reached against epochs spent, median over seeds. Trains real DL4J trials.",
                "Prints a Markdown section; --write puts it into a results file under '## Pruning'."},
        footer = {"", "Examples:",
                "  liandan bench prune",
                "  liandan bench prune --seeds 3 --trials 8 --epochs 9",
                "  liandan bench prune --write bench/RESULTS.md"})
final class BenchPruneCommand implements Callable<Integer> {
    @Option(names = "--space", paramLabel = "FILE", defaultValue = "search-spaces/digits-mlp-prune.yaml",
            description = "the space file; its sampler, data and parameters are used, its pruner and epochs replaced"
                    + " (default: ${DEFAULT-VALUE})")
    Path space;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "9",
            description = "epochs of a trial that is not stopped (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "16",
            description = "trials of the search without pruning; the budget of every method is N * E epochs"
                    + " (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "5",
            description = "seeds 1..K of the search (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "0.005",
            description = "how close to the unpruned best counts as reaching it (default: ${DEFAULT-VALUE},"
                    + " half a point of accuracy)")
    double tolerance;

    @Option(names = "--write", paramLabel = "FILE", description = "also write the section into FILE (e.g. bench/RESULTS.md)")
    Path write;

    @Option(names = {"-v", "--verbose"}, description = "show DL4J/ND4J logs")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Minimums.of(spec).atLeast(1, "--epochs", "--trials", "--seeds").atLeast(0, "--tolerance").check();
        StudySpec study = SpaceFileParser.parse(space);
        StudySetup.checkSampler(study);
        List<Long> seedList = LongStream.rangeClosed(1, seeds).boxed().toList();
        PruneBench.Config config = new PruneBench.Config(study, epochs, trials, seedList, PruneBench.defaultMethods());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String load = PruneBenchReport.loadAverage();
        err.printf("bench prune: %d methods x %d seeds, budget %d epochs each (%d trials x %d epochs)%n",
                config.methods().size(), seeds, config.budget(), trials, epochs);
        List<PruneBench.Run> runs = PruneBench.run(config, new Dl4jBackend(), r -> {
            err.printf(Locale.ROOT, "  seed %d, %s: %d trials (%d pruned), %d epochs, best %s, %.0f s%n", r.seed(),
                    r.method().label(), r.trials(), r.pruned(), r.epochsSpent(), r.bestWithin(config.budget()),
                    r.seconds());
            err.flush();
        });
        String section = PruneBenchReport.markdown(config, runs, tolerance, commandLine(), load);
        out.print(section);
        if (write != null) {
            PruneBenchReport.writeSection(write, section);
            out.printf("%nWritten to %s%n", write);
        }
        out.flush();
        return 0;
    }

    /** The command as typed, for the results file. */
    private String commandLine() {
        // the root's parse result holds the whole command line, "bench prune" included
        List<String> parts = new ArrayList<>(List.of("liandan"));
        parts.addAll(spec.root().commandLine().getParseResult().originalArgs());
        return String.join(" ", parts);
    }
}
