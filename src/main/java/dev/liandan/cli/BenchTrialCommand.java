package dev.liandan.cli;

import dev.liandan.bench.TorchPeer;
import dev.liandan.bench.TrialBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "trial", mixinStandardHelpOptions = true,
        description = {"One trial's speed: the dl4j backend and PyTorch (bench/torch_trial.py) train the same network "
                + "side by side, alternated; per-epoch time from a short and a long trial, the fixed cost per trial, "
                + "and both against the machine's GEMM limit at the network's shapes."},
        footer = {"", "Examples:",
                "  liandan bench trial",
                "  liandan bench trial --nets digits-mlp --repeats 9",
                "  liandan bench trial --python /usr/bin/python3 --threads 1"})
final class BenchTrialCommand implements Callable<Integer> {
    @Option(names = "--nets", split = ",", defaultValue = "digits-mlp,mnist-cnn,wide-mlp", paramLabel = "NAME,...",
            description = "networks: digits-mlp, mnist-cnn, wide-mlp, mid-mlp (default: ${DEFAULT-VALUE})")
    List<String> nets;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "N",
            description = "alternated repeats of each engine; medians are shown (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads of both engines (default: what a dl4j trial of the network chooses)")
    Integer threads;

    @Option(names = "--python", defaultValue = "python3", paramLabel = "EXE",
            description = "a Python with torch (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--torch-script", defaultValue = "bench/torch_trial.py", paramLabel = "FILE",
            description = "the PyTorch peer (default: ${DEFAULT-VALUE})")
    Path script;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "where digits.csv.gz and the MNIST-10k IDX files are (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--no-torch", description = "time dl4j alone")
    boolean noTorch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Minimums.of(spec).atLeast(1, "--repeats").check();
        for (String n : nets) {
            if (TrialBench.workloads(dataDir).stream().noneMatch(w -> w.name().equals(n))) {
                throw new dev.liandan.core.UserError("--nets: unknown network '" + n + "' (digits-mlp, mnist-cnn, wide-mlp, mid-mlp)");
            }
        }
        if (threads != null && threads < 1) {
            throw new dev.liandan.core.UserError("--threads must be >= 1, got " + threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("liandan-bench-trial");
        try {
            List<TrialBench.Row> rows = TrialBench.run(new TrialBench.Options(nets, repeats, threads,
                    noTorch ? null : new TorchPeer(python, script), dataDir, work), line -> {
                err.println(line);
                err.flush();
            });
            out.printf(Locale.ROOT, "%s, %d cores, load average %.1f at the end, Java %s, garbage collector %s%n%n",
                    Instant.now(), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"),
                    ManagementFactory.getGarbageCollectorMXBeans().stream()
                            .map(java.lang.management.GarbageCollectorMXBean::getName)
                            .collect(java.util.stream.Collectors.joining(" + ")));
            out.print(TrialBench.markdown(rows));
            out.flush();
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }
}
