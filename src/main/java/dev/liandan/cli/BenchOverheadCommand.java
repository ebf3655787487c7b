package dev.liandan.cli;

import dev.liandan.bench.OverheadBenchmark;
import dev.liandan.bench.SearchBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "overhead", mixinStandardHelpOptions = true,
        description = {"The engine's own cost per trial (ask + tell + storage) on the mixed surface, whose "
                + "evaluation is free: in memory and with a SQLite file, with the cost curve as the history grows."},
        footer = {"", "Examples:",
                "  liandan bench overhead",
                "  liandan bench overhead --trials 300 --samplers tpe,random --repeats 1"})
final class BenchOverheadCommand implements Callable<Integer> {
    @Option(names = "--trials", defaultValue = "1000", paramLabel = "N", description = "trials per study (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--samplers", split = ",", defaultValue = "tpe,random", paramLabel = "S,...",
            description = "samplers (default: ${DEFAULT-VALUE})")
    List<String> samplers;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "N",
            description = "runs of each; the run with the median mean cost is shown (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--api", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also run each study through the Java API (Study.optimize), alternated with the worker's "
                    + "runs, and print the ratio (default: ${DEFAULT-VALUE}; --no-api to skip)")
    boolean api;

    @Spec
    CommandSpec spec;

    /** The run with the median mean cost. */
    private static OverheadBenchmark.Run median(List<OverheadBenchmark.Run> runs) {
        List<OverheadBenchmark.Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.meanMs(), b.meanMs()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    @Override
    public Integer call() {
        Minimums.of(spec).atLeast(1, "--trials", "--repeats").check();
        PrintWriter out = spec.commandLine().getOut();
        List<OverheadBenchmark.Run> shown = new ArrayList<>();
        // a short run first, so the JIT has compiled the loop before anything is timed
        OverheadBenchmark.run(OverheadBenchmark.Store.MEMORY, SearchBenchmark.variant("tpe"), Math.min(trials, 200), 99);
        if (api) {
            OverheadBenchmark.runApi(OverheadBenchmark.Store.MEMORY, SearchBenchmark.variant("tpe"), Math.min(trials, 200), 99);
        }
        for (OverheadBenchmark.Store store : OverheadBenchmark.Store.values()) {
            for (String s : samplers) {
                List<OverheadBenchmark.Run> runs = new ArrayList<>();
                List<OverheadBenchmark.Run> apiRuns = new ArrayList<>();
                for (int r = 0; r < repeats; r++) {
                    // the worker's loop and the Java API's alternated, each first in every other repeat,
                    // so that load drifts, and whatever the first run leaves behind, fall on both alike
                    if (api && r % 2 == 1) {
                        apiRuns.add(OverheadBenchmark.runApi(store, SearchBenchmark.variant(s), trials, r));
                    }
                    runs.add(OverheadBenchmark.run(store, SearchBenchmark.variant(s), trials, r));
                    if (api && r % 2 == 0) {
                        apiRuns.add(OverheadBenchmark.runApi(store, SearchBenchmark.variant(s), trials, r));
                    }
                }
                shown.add(median(runs));
                if (api) {
                    shown.add(median(apiRuns));
                }
            }
        }
        out.print(OverheadBenchmark.markdown(shown));
        if (api) {
            out.println();
            out.print(OverheadBenchmark.ratios(shown));
        }
        out.flush();
        return 0;
    }
}
