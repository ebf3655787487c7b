package dev.liandan.cli;

import dev.liandan.bench.AskBenchmark;
import dev.liandan.bench.BenchFunction;
import dev.liandan.bench.BenchFunctions;
import dev.liandan.bench.SearchBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"The cost of one sampler ask on its own (no storage, no worker loop): a history of random "
                + "trials of a bench function, then asks against it, timed by the thread's CPU clock."},
        footer = {"", "Examples:",
                "  liandan bench ask",
                "  liandan bench ask --function hartmann6 --samplers tpe,tpe-mv,cmaes --trials 100,1000",
                "  liandan bench ask --samplers gp --trials 100,300 --asks 20 --rounds 5"})
final class BenchAskCommand implements Callable<Integer> {
    @Option(names = "--function", defaultValue = "mixed", paramLabel = "F", description = "bench function (default: ${DEFAULT-VALUE})")
    String function;

    @Option(names = "--samplers", split = ",", defaultValue = "tpe,tpe-mv", paramLabel = "S,...",
            description = "samplers as `bench search` names them (default: ${DEFAULT-VALUE})")
    List<String> samplers;

    @Option(names = "--trials", split = ",", defaultValue = "100,1000", paramLabel = "N,...",
            description = "history lengths (default: ${DEFAULT-VALUE})")
    List<Integer> trials;

    @Option(names = "--asks", defaultValue = "200", paramLabel = "N", description = "asks per round (default: ${DEFAULT-VALUE})")
    int asks;

    @Option(names = "--rounds", defaultValue = "9", paramLabel = "N", description = "timed rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Minimums.of(spec).atLeast(1, "--asks", "--rounds").atLeast(0, "--trials").check();
        BenchFunction f = BenchFunctions.byName(function);
        List<AskBenchmark.Row> rows = new ArrayList<>();
        for (String s : samplers) {
            SearchBenchmark.Variant v = SearchBenchmark.variant(s);
            for (int t : trials) {
                rows.add(AskBenchmark.run(f, v, t, asks, rounds));
            }
        }
        spec.commandLine().getOut().print(AskBenchmark.markdown(f, rows));
        return 0;
    }
}
