package dev.liandan.cli;

import dev.liandan.bench.LcbenchBench;
import dev.liandan.bench.LcbenchFiles;
import dev.liandan.bench.LcbenchMethods;
import dev.liandan.bench.LcbenchReport;
import dev.liandan.bench.LcbenchSurrogate;
import dev.liandan.core.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "lcbench", mixinStandardHelpOptions = true,
        description = {"Search methods on YAHPO Gym's LCBench surrogate in simulated time, through the real worker"
                + " loop: normalised regret of validation accuracy at 10, 30 and 100 full-training equivalents,"
                + " mean over tasks and seeds, and average ranks. Needs ONNX Runtime (mvn -Plcbench package).",
                "See docs/multi-fidelity.md."},
        footer = {"", "Examples:",
                "  liandan bench lcbench --tasks 3945 --seeds 1",
                "  liandan bench lcbench --seeds 10 --workers 4 --json bench/lcbench-w4.json --plot bench/lcbench-w4.svg",
                "  liandan bench lcbench --tasks held-out --methods random+asha,bohb+asha"})
final class BenchLcbenchCommand implements Callable<Integer> {
    @Option(names = "--tasks", paramLabel = "IDS", defaultValue = "dev",
            description = "OpenML task ids, comma-separated, or 'dev' (the 10 development tasks) or 'held-out'"
                    + " (the other 24) (default: ${DEFAULT-VALUE})")
    String tasks;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "2", description = "seeds 1..N, or F..F+N-1 with --first-seed (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", paramLabel = "F", defaultValue = "1",
            description = "run seeds F..F+N-1 instead of 1..N (default: ${DEFAULT-VALUE}), as optuna_lcbench.py --first-seed")
    int firstSeed;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "1",
            description = "simulated asynchronous workers (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--methods", paramLabel = "LIST", split = ",",
            description = "methods to run, by label (default: all but gp, auto and auto+hyperband): ${COMPLETION-CANDIDATES}",
            completionCandidates = MethodLabels.class)
    List<String> methods;

    @Option(names = "--budget", paramLabel = "B", defaultValue = "100",
            description = "full-training equivalents each search runs (default: ${DEFAULT-VALUE}; regret is reported at"
                    + " 10, 30 and 100)")
    double budget;

    @Option(names = "--surrogate", paramLabel = "DIR",
            description = "YAHPO Gym's lcbench folder (default: ../shared/benchmarks/yahpo-lcbench beside the project)")
    Path surrogate;

    @Option(names = "--references", paramLabel = "FILE",
            description = "the tasks' yardsticks: read from FILE where it has them, computed and added to it otherwise"
                    + " (bench/optuna_lcbench.py reads the same file)")
    Path references;

    @Option(names = "--only-references", description = "compute and write --references for the tasks, run no search")
    boolean onlyReferences;

    @Option(names = "--json", paramLabel = "FILE", description = "write the regrets as JSON (the form optuna_lcbench.py writes)")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE", description = "write the anytime curves as an SVG")
    Path plot;

    @Option(names = "--optuna-results", paramLabel = "FILE",
            description = "add Optuna's methods from FILE, written by bench/optuna_lcbench.py --json over the same tasks"
                    + " and seeds: their regrets below the table, their curves dashed in the plot; may be given"
                    + " several times")
    List<Path> optunaResults;

    @Spec
    CommandSpec spec;

    static final class MethodLabels extends ArrayList<String> {
        MethodLabels() {
            super(LcbenchMethods.all().stream().map(LcbenchBench.Method::label).toList());
        }
    }

    @Override
    public Integer call() throws IOException {
        Minimums.of(spec).atLeast(1, "--seeds", "--first-seed", "--workers", "--budget").check();
        Map<String, LcbenchReport.Peer> peers = new LinkedHashMap<>();
        for (Path f : optunaResults != null ? optunaResults : List.<Path>of()) {
            if (!Files.isRegularFile(f)) {
                throw new UserError("--optuna-results: no file " + f);
            }
            peers.putAll(LcbenchReport.readPeers(f));
        }
        Path dir = surrogate != null ? surrogate : LcbenchFiles.defaultDir(Path.of(""));
        LcbenchFiles.check(dir); // before LcbenchSurrogate, which a build without ONNX Runtime cannot load
        List<LcbenchBench.Method> chosen = LcbenchMethods.byLabels(methods != null ? methods : LcbenchMethods.defaults());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<LcbenchBench.Run> runs = new ArrayList<>();
        try (LcbenchSurrogate s = LcbenchSurrogate.open(dir)) {
            List<String> taskIds = taskList(s);
            if (onlyReferences && references == null) {
                throw new UserError("--only-references needs --references FILE");
            }
            java.util.Map<String, LcbenchBench.Reference> refs = LcbenchBench.references(s, taskIds, references);
            if (onlyReferences) {
                out.printf("References of %d tasks in %s%n", taskIds.size(), references);
                out.flush();
                return 0;
            }
            err.printf(Locale.ROOT, "bench lcbench: %d tasks x %d seeds x %d methods, %d worker(s), %.0f full-training"
                    + " equivalents each%n", taskIds.size(), seeds, chosen.size(), workers, budget);
            for (String task : taskIds) {
                LcbenchBench.Reference ref = refs.get(task);
                err.printf(Locale.ROOT, "  task %s: best %.3f, median random %.3f, full training %.1f s (simulated)%n",
                        task, ref.best(), ref.median(), ref.fullTime());
                for (long seed = firstSeed; seed < (long) firstSeed + seeds; seed++) {
                    for (LcbenchBench.Method m : chosen) {
                        LcbenchBench.Run r = LcbenchBench.run(s, ref, m, seed, workers, budget);
                        runs.add(r);
                        err.printf(Locale.ROOT, "    seed %d %-18s %5d trials (%d stopped), regret %.4f / %.4f / %.4f,"
                                        + " %.1f s%n", seed, m.label(), r.trials(), r.pruned(), r.regretAt(10), r.regretAt(30),
                                r.regretAt(100), r.seconds());
                        err.flush();
                    }
                }
            }
        }
        LcbenchReport report = new LcbenchReport(runs);
        out.print(report.markdown());
        out.print(report.peerRows(peers));
        if (json != null) {
            report.writeJson(json);
            out.printf("%nWritten to %s%n", json);
        }
        if (plot != null) {
            Files.writeString(plot, report.svg(String.format(Locale.ROOT, "LCBench (YAHPO surrogate), %d worker(s)", workers),
                    LcbenchReport.peerCurves(peers)));
            out.printf("Plot written to %s%n", plot);
        }
        out.flush();
        return 0;
    }

    private List<String> taskList(LcbenchSurrogate s) {
        String t = tasks.strip();
        if (t.equals("dev")) {
            return LcbenchBench.DEV_TASKS;
        }
        if (t.equals("held-out")) {
            return s.tasks().stream().filter(id -> !LcbenchBench.DEV_TASKS.contains(id)).toList();
        }
        List<String> ids = new ArrayList<>();
        for (String id : t.split(",")) {
            if (!s.knows(id.strip())) {
                throw new UserError("--tasks: unknown LCBench task '" + id.strip() + "': expected 'dev', 'held-out' or ids of "
                        + String.join(", ", s.tasks()));
            }
            ids.add(id.strip());
        }
        return ids;
    }
}
