package dev.liandan.cli;

import dev.liandan.bench.LoaderBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "loader", mixinStandardHelpOptions = true,
        description = "Samples/s of the training loop fed four ways (limit, liandan, liandan+prefetch, naive)"
                + " on MLP/digits and CNN/MNIST; prints a markdown table.",
        footer = {"", "Example:", "  liandan bench loader --epochs 2 --repeats 3"})
final class BenchLoaderCommand implements Callable<Integer> {
    @Option(names = "--epochs", defaultValue = "2", description = "timed epochs per run (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--repeats", defaultValue = "3", description = "runs per way; the median is shown (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--workloads", split = ",", defaultValue = "mlp-digits,cnn-mnist",
            description = "which of mlp-digits, cnn-mnist (default: ${DEFAULT-VALUE})")
    List<String> workloads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Minimums.of(spec).atLeast(1, "--epochs", "--repeats").check();
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = Files.createTempDirectory("liandan-bench");
        out.println("| workload | " + String.join(" | ", LoaderBench.WAYS)
                + " | liandan / limit | liandan / naive |");
        out.println("|---|---|---|---|---|---|---|");
        for (String w : workloads) {
            LoaderBench.Result r = LoaderBench.run(w, epochs, repeats, scratch);
            StringBuilder row = new StringBuilder("| " + w + " |");
            for (String way : LoaderBench.WAYS) {
                row.append(String.format(Locale.ROOT, " %.0f |", r.median(way)));
            }
            row.append(String.format(Locale.ROOT, " %.2f× | %.2f× |", r.median("liandan") / r.median("limit"),
                    r.median("liandan") / r.median("naive")));
            out.println(row);
            out.flush();
        }
        return 0;
    }
}
