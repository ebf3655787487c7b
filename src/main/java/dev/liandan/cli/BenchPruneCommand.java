package dev.liandan.cli;

import dev.liandan.study.StudySetup;
import dev.liandan.bench.PruneBench;
import dev.liandan.bench.PruneBenchReport;
import dev.liandan.core.UserError;
import dev.liandan.space.SpaceError;
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
                "  liandan bench prune --write bench/RESULTS.md",
                "  liandan bench prune --space search-spaces/mnist-cnn-prune.yaml --methods random,random+asha,bohb+hyperband"
                        + " --seeds 3 --trials 10 --epochs 6 --heading \"Pruning on real training (MNIST-10k CNN)\""})
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

    @Option(names = "--methods", split = ",", paramLabel = "M,...",
            description = {"the searches, the first being the baseline whose best the others must reach: PRUNER (the"
                    + " space's sampler with it), SAMPLER (no pruning) or SAMPLER+PRUNER, e.g. random,random+asha,bohb+hyperband;"
                    + " asha, hyperband and pasha get rungs from epoch 1 and a reduction factor of 3",
                    "(default: the space's sampler with none, asha and hyperband)"})
    List<String> methods;

    @Option(names = "--heading", paramLabel = "TEXT", defaultValue = "Pruning",
            description = "the section's heading, and the section --write replaces (default: ${DEFAULT-VALUE})")
    String heading;

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
        if (study.multiObjective()) {
            throw new UserError("bench prune: " + space + " has " + study.objectives().size()
                    + " objectives; it compares the best of one (bench front compares fronts)");
        }
        List<PruneBench.Method> ms = methods == null ? PruneBench.defaultMethods()
                : methods.stream().map(PruneBench::method).toList();
        List<Long> seedList = LongStream.rangeClosed(1, seeds).boxed().toList();
        PruneBench.Config config = new PruneBench.Config(study, epochs, trials, seedList, ms);
        for (PruneBench.Method m : ms) {
            // a method the space cannot run is refused before any training
            StudySpec one = PruneBench.specOf(config, m, 1);
            try {
                StudySetup.checkSampler(one);
                StudySetup.checkPruner(one);
            } catch (SpaceError e) {
                if (m.sampler() == null) {
                    throw e;
                }
                // the sampler came from --methods, not from a place in the file
                throw new UserError("--methods: " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            }
        }
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
        String section = PruneBenchReport.markdown("## " + heading.trim(), config, runs, tolerance, TypedCommand.of(spec), load);
        out.print(section);
        if (write != null) {
            PruneBenchReport.writeSection(write, section);
            out.printf("%nWritten to %s%n", write);
        }
        out.flush();
        return 0;
    }

}
