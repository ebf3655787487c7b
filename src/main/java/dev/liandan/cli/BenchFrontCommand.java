package dev.liandan.cli;

import dev.liandan.bench.FrontBench;
import dev.liandan.bench.FrontBenchReport;
import dev.liandan.bench.FrontPlot;
import dev.liandan.bench.PruneBenchReport;
import dev.liandan.core.UserError;
import dev.liandan.space.SpaceError;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.study.StudySetup;
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

@Command(name = "front", mixinStandardHelpOptions = true,
        description = {"Several objectives on real training: a space file of several objectives searched by several"
                + " samplers, seeds 1..K, the same number of trials each; the hypervolume of each search's Pareto front"
                + " up to one reference point for all, and the best search's front. Trains real DL4J trials.",
                "Prints a Markdown section; --write puts it into a results file under its heading."},
        footer = {"", "Examples:",
                "  liandan bench front --space search-spaces/mnist-cnn-moo.yaml",
                "  liandan bench front --space search-spaces/mnist-cnn-moo.yaml --samplers tpe,nsga2:population=8,random"
                        + " --seeds 3 --trials 20 --write bench/RESULTS.md"})
final class BenchFrontCommand implements Callable<Integer> {
    @Option(names = "--space", paramLabel = "FILE", required = true,
            description = "a space file of several objectives (objective: as a list); its data, parameters and objectives are used")
    Path space;

    @Option(names = "--samplers", split = ",", paramLabel = "S,...", defaultValue = "tpe,nsga2,random",
            description = "samplers, each NAME or NAME:option=value:... (e.g. nsga2:population=8) (default: ${DEFAULT-VALUE})")
    List<String> samplers;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "3", description = "seeds 1..K (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--trials", paramLabel = "N", description = "trials of every search (default: search.trials of the file)")
    Integer trials;

    @Option(names = "--reference", split = ",", paramLabel = "V,...",
            description = "the reference point, one value per objective in its own units (e.g. 0.8,500000); default:"
                    + " each objective's worst value over every search, a tenth of its range further out")
    List<Double> reference;

    @Option(names = "--log", split = ",", paramLabel = "METRIC,...",
            description = "objectives whose log10 the hypervolume measures (e.g. params, which spans decades); the"
                    + " reference point stays in their own units")
    List<String> log;

    @Option(names = "--json", paramLabel = "FILE", description = "also keep every search's ranked trials in FILE")
    Path json;

    @Option(names = "--heading", paramLabel = "TEXT",
            description = "the section's heading, and the section --write replaces (default: Pareto front on real training (STUDY))")
    String heading;

    @Option(names = "--write", paramLabel = "FILE", description = "also write the section into FILE (e.g. bench/RESULTS.md)")
    Path write;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "also draw each sampler's front (its search of median hypervolume) as a PNG; two objectives only")
    Path plot;

    @Option(names = {"-v", "--verbose"}, description = "show DL4J/ND4J logs")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Minimums.of(spec).atLeast(1, "--seeds").check();
        if (trials != null && trials < 1) {
            throw new UserError("--trials must be at least 1, not " + trials);
        }
        StudySpec study = SpaceFileParser.parse(space);
        if (!study.multiObjective()) {
            throw new UserError("bench front: " + space + " has one objective (" + study.objective().metric()
                    + "); it needs several: objective: as a list of {metric, direction}");
        }
        if (reference != null && (reference.size() != study.objectives().size()
                || reference.stream().anyMatch(v -> !Double.isFinite(v)))) {
            throw new UserError("--reference: expected " + study.objectives().size()
                    + " finite numbers, one per objective (" + String.join(", ",
                    study.objectives().stream().map(o -> o.metric()).toList()) + ")");
        }
        if (plot != null && (plot.getParent() != null && !java.nio.file.Files.isDirectory(plot.getParent()))) {
            throw new UserError("--plot: no folder " + plot.getParent());
        }
        boolean[] logScale = new boolean[study.objectives().size()];
        for (String m : log == null ? List.<String>of() : log) {
            int k = study.objectives().stream().map(o -> o.metric()).toList().indexOf(m.trim());
            if (k < 0) {
                throw new UserError("--log: '" + m + "' is not an objective of " + space + " (" + String.join(", ",
                        study.objectives().stream().map(o -> o.metric()).toList()) + ")");
            }
            logScale[k] = true;
        }
        List<FrontBench.Method> methods = samplers.stream().map(FrontBench::method).toList();
        List<Long> seedList = LongStream.rangeClosed(1, seeds).boxed().toList();
        FrontBench.Config config = new FrontBench.Config(study, methods, seedList,
                trials != null ? trials : study.search().trials());
        for (FrontBench.Method m : methods) {
            // a sampler the study cannot use (one objective only, a bad option) is refused before any training
            try {
                StudySetup.checkSampler(FrontBench.specOf(config, m, 1));
            } catch (SpaceError e) {
                // the sampler came from --samplers, not from a place in the file
                throw new UserError("--samplers: " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String load = PruneBenchReport.loadAverage();
        err.printf(Locale.ROOT, "bench front: %d samplers x %d seeds, %d trials each%n", methods.size(), seeds,
                config.trials());
        List<FrontBench.Run> runs = FrontBench.run(config, new Dl4jBackend(), r -> {
            err.printf(Locale.ROOT, "  seed %d, %s: %d trials (%d failed), front of %d, %.0f s%n", r.seed(),
                    r.method().label(), r.trials(), r.failed(), r.front().size(), r.seconds());
            err.flush();
        });
        double[] ref = reference != null ? reference.stream().mapToDouble(Double::doubleValue).toArray()
                : FrontBench.reference(study.objectives(), runs, logScale);
        if (json != null) {
            FrontBench.writeJson(json, config, runs);
        }
        String title = heading != null && !heading.isBlank() ? heading.trim()
                : "Pareto front on real training (" + study.name() + ")";
        String section = FrontBenchReport.markdown("## " + title, config, runs, ref, reference != null, logScale,
                TypedCommand.of(spec), load);
        out.print(section);
        if (write != null) {
            PruneBenchReport.writeSection(write, section);
            out.printf("%nWritten to %s%n", write);
        }
        if (plot != null) {
            out.println(FrontPlot.png(config, runs, ref, logScale, plot, 900, 560) ? "Plot: " + plot
                    : "No plot: it draws spaces of two objectives");
        }
        out.flush();
        return 0;
    }

}
