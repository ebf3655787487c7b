package dev.liandan.cli;

import dev.liandan.bench.BenchFunction;
import dev.liandan.bench.BenchFunctions;
import dev.liandan.bench.SearchBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search quality: for each test function and sampler, the median over seeds of the best "
                + "value after a number of trials, each study run through the worker loop on in-memory storage, "
                + "beside Optuna 3.1.0's figures."},
        footer = {"", "Functions: branin, hartmann6, rosenbrock4, mixed. Samplers: random, sobol, tpe, tpe-mv "
                + "(multivariate TPE), cmaes, genetic, gp (Gaussian-process "
                + "Bayesian optimisation).", "", "Examples:",
                "  liandan bench search",
                "  liandan bench search --functions branin,mixed --samplers tpe,tpe-mv --seeds 3 --trials 50"})
final class BenchSearchCommand implements Callable<Integer> {
    @Option(names = "--functions", split = ",", paramLabel = "F,...", description = "functions (default: all)")
    List<String> functions;

    @Option(names = "--samplers", split = ",", paramLabel = "S,...", description = "samplers (default: all)")
    List<String> samplers;

    @Option(names = "--seeds", defaultValue = "10", paramLabel = "N", description = "seeds 0..N-1 (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--trials", defaultValue = "100", paramLabel = "N", description = "trials per study (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--threads", paramLabel = "N", description = "studies run at once (default: the number of cores)")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Minimums.of(spec).atLeast(1, "--seeds", "--trials").check();
        List<BenchFunction> fs = functions == null ? BenchFunctions.all()
                : functions.stream().map(BenchFunctions::byName).toList();
        List<SearchBenchmark.Variant> vs = samplers == null ? SearchBenchmark.VARIANTS
                : samplers.stream().map(SearchBenchmark::variant).toList();
        int t = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        List<SearchBenchmark.Cell> cells = SearchBenchmark.run(fs, vs, seeds, trials, t);
        out.print(SearchBenchmark.markdown(cells, seeds, trials));
        out.printf("%nran %d studies in %.1f s%n", fs.size() * vs.size() * seeds, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
