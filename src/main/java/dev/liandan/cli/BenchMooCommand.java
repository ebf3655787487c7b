package dev.liandan.cli;

import dev.liandan.bench.MooBench;
import dev.liandan.bench.MooProblem;
import dev.liandan.bench.MooProblems;
import dev.liandan.bench.MooReport;
import dev.liandan.bench.OptunaMooPeer;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "moo", mixinStandardHelpOptions = true,
        description = {"Several objectives: the median over seeds of the hypervolume of the feasible trials after a"
                + " number of trials, for liandan's random, nsga2, motpe (tpe on several objectives) and motpe-mv (the same,"
                + " multivariate), each study run through the worker loop on in-memory storage, beside Optuna's NSGA-II,"
                + " MOTPE and multivariate MOTPE run by"
                + " bench/optuna_moo.py as a child process in the same run (liandan alone when Python or Optuna is"
                + " missing).", "See docs/objectives.md."},
        footer = {"", "Problems: zdt1, zdt2 (30 variables), dtlz2 (3 objectives, 12 variables), bnh (2 constraints).",
                "", "Examples:",
                "  liandan bench moo",
                "  liandan bench moo --problems zdt1,bnh --seeds 3 --trials 100 --no-optuna"})
final class BenchMooCommand implements Callable<Integer> {
    @Option(names = "--problems", split = ",", paramLabel = "P,...", description = "problems (default: all)")
    List<String> problems;

    @Option(names = "--methods", split = ",", paramLabel = "M,...",
            description = "liandan's methods (default: random, nsga2, motpe, motpe-mv)")
    List<String> methods;

    @Option(names = "--seeds", defaultValue = "10", paramLabel = "N", description = "seeds 1..N (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--trials", defaultValue = "200", paramLabel = "N", description = "trials per study (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
            description = "the Python that runs Optuna (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--optuna-script", defaultValue = "bench/optuna_moo.py", paramLabel = "FILE",
            description = "the Optuna side (default: ${DEFAULT-VALUE})")
    Path optunaScript;

    @Option(names = "--optuna-methods", split = ",", paramLabel = "M,...", defaultValue = "nsga2,motpe,motpe-mv",
            description = "Optuna's methods (default: ${DEFAULT-VALUE})")
    List<String> optunaMethods;

    @Option(names = "--optuna-json", paramLabel = "FILE",
            description = "keep Optuna's runs (each run's feasible objective vectors) in FILE (default: a temporary file)")
    Path optunaJson;

    @Option(names = "--optuna-jobs", paramLabel = "N",
            description = "Optuna's runs at once, each in a process of its own (default: the number of cores)")
    Integer optunaJobs;

    @Option(names = "--optuna-results", paramLabel = "FILE",
            description = "read Optuna's runs from FILE, written earlier by optuna_moo.py (or --optuna-json), instead"
                    + " of running it; may be given several times")
    List<Path> optunaResults;

    @Option(names = "--no-optuna", description = "run liandan alone")
    boolean noOptuna;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Minimums.of(spec).atLeast(1, "--seeds", "--trials").check();
        List<String> names = problems == null ? MooProblems.NAMES : problems;
        List<MooProblem> ps = names.stream().map(MooProblems::byName).toList();
        List<MooBench.Method> ms = methods == null ? MooBench.METHODS : methods.stream().map(MooBench::method).toList();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptunaMooPeer peer = new OptunaMooPeer(python, optunaScript);
        boolean run = !noOptuna && optunaResults == null;
        Optional<String> missing = run ? peer.missing() : Optional.empty();
        missing.ifPresent(why -> err.println("bench moo: Optuna is not run: " + why));
        boolean withOptuna = run && missing.isEmpty();
        long start = System.nanoTime();
        Path json = !withOptuna ? null : optunaJson != null ? optunaJson : Files.createTempFile("liandan-optuna-moo-", ".json");
        // Optuna's runs go on in their process while liandan's run here
        int jobs = optunaJobs != null ? Math.max(1, optunaJobs) : Runtime.getRuntime().availableProcessors();
        Process child = withOptuna ? peer.start(names, optunaMethods, seeds, trials, jobs, json) : null;
        List<MooBench.Run> runs = new ArrayList<>();
        try {
            for (MooProblem p : ps) {
                for (MooBench.Method m : ms) {
                    for (long seed = 1; seed <= seeds; seed++) {
                        MooBench.Run r = MooBench.run(p, m, seed, trials);
                        runs.add(r);
                        err.printf(Locale.ROOT, "  %s %-7s seed %2d: hypervolume %.4f, %d feasible trials, %.2f s CPU%n",
                                p.name(), m.label(), seed, r.hypervolume(p), r.points().size(), r.cpuSeconds());
                        err.flush();
                    }
                }
            }
            OptunaMooPeer.Result optuna = null;
            if (child != null) {
                err.println("  waiting for Optuna ...");
                err.flush();
                try {
                    optuna = peer.finish(child, json);
                } catch (IOException e) {
                    err.println("bench moo: Optuna's side is left out: " + e.getMessage());
                }
                child = null;
            } else if (optunaResults != null) {
                List<MooBench.Run> read = new ArrayList<>();
                String version = null;
                for (Path f : optunaResults) {
                    if (!Files.isRegularFile(f)) {
                        throw new UserError("--optuna-results: no file " + f);
                    }
                    OptunaMooPeer.Result r = OptunaMooPeer.read(f);
                    for (MooBench.Run one : r.runs()) {
                        // a run that two files hold counts once
                        if (read.stream().noneMatch(x -> x.problem().equals(one.problem())
                                && x.method().equals(one.method()) && x.seed() == one.seed())) {
                            read.add(one);
                        }
                    }
                    version = r.version();
                    err.printf(Locale.ROOT, "  Optuna's runs read from %s (%d runs)%n", f, r.runs().size());
                }
                optuna = new OptunaMooPeer.Result(version, read);
            }
            MooReport report = new MooReport(names, runs, optuna == null ? List.of() : optuna.runs(),
                    optuna == null ? null : optuna.version());
            out.print(report.markdown(seeds, trials));
            out.printf(Locale.ROOT, "%nran in %.1f s%n", (System.nanoTime() - start) / 1e9);
            out.flush();
            return 0;
        } finally {
            if (child != null) {
                child.destroy();
            }
            if (json != null && optunaJson == null) {
                Files.deleteIfExists(json);
            }
        }
    }
}
