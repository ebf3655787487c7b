package dev.liandan.cli;

import dev.liandan.command.Backends;
import dev.liandan.ensemble.AutoEnsemble;
import dev.liandan.report.Leaderboard;
import dev.liandan.sampler.TrialState;
import dev.liandan.report.LiveReport;
import dev.liandan.report.StudyReport;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.space.UserError;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.CompositeListener;
import dev.liandan.study.StudyResult;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a study: sample configurations from the space file, train each as a trial, "
                + "store everything in DIR/<study>/study.db, and print the leaderboard.",
                "Run the same command again to resume an interrupted sweep: finished trials are kept, "
                        + "an interrupted trial is re-run."},
        footer = {"", "Examples:",
                "  liandan sweep search-spaces/digits-mlp.yaml",
                "  liandan sweep search-spaces/digits-mlp.yaml --trials 30 --seed 1",
                "  liandan sweep search-spaces/digits-mlp.yaml --results /tmp/runs",
                "", "Per trial, DIR/<study>/trials/<number>/ holds model.zip (the DL4J model) and",
                "val_predictions.csv (its class probabilities on the validation split); with a trial:",
                "section (a command trial), params.json, output.log and whatever the program writes there.",
                "DIR/<study>/report.html is the HTML report, rewritten after each finished trial."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the space file (YAML)")
    Path file;

    @Option(names = "--trials", paramLabel = "N", description = "trials to finish (default: search.trials of the file)")
    Integer trials;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the search (default: search.seed of the file)")
    Long seed;

    @Mixin
    ResultsOptions results;

    @Option(names = "--top", defaultValue = "10", paramLabel = "K",
            description = "rows of the leaderboard printed at the end (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = {"-v", "--verbose"}, description = "show DL4J/ND4J start-up and training logs")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StudySpec study = SpaceFileParser.parse(file);
        SearchSpec search = study.search();
        if (trials != null && trials < 1) {
            throw new UserError("--trials must be >= 1, got " + trials);
        }
        study = study.withSearch(new SearchSpec(search.sampler(), trials != null ? trials : search.trials(),
                seed != null ? seed : search.seed(), search.samplerLocation(), search.options()));
        StudyRunner.checkSampler(study);
        StudyRunner.checkPruner(study);
        dev.liandan.train.Devices.fallbackNotice().ifPresent(spec.commandLine().getErr()::println);
        PrintWriter out = spec.commandLine().getOut();
        Path dir = results.studyDir(study.name());
        try (StudyStorage storage = JdbcStorage.sqlite(results.database(study.name()))) {
            ProgressView progress = new ProgressView(out, study.objective().metric());
            PrintWriter err = spec.commandLine().getErr();
            LiveReport report = new LiveReport(storage, dir, dir.resolve(StudyReport.FILE_NAME), err::println);
            StudyResult result = new StudyRunner(storage, Backends.forSpec(study), dir,
                    new CompositeListener(progress, report))
                    .run(study, study.search().trials());
            out.println();
            out.println(Leaderboard.of(storage.findStudy(study.name()).orElseThrow(), storage.trials(study.name()), top, false).table());
            if ("exhausted".equals(result.stopReason())) {
                out.printf("The %s sampler had no more configurations after %d trials.%n",
                        study.search().sampler(), result.finished());
            }
            long pruned = storage.trials(study.name()).stream().filter(t -> t.state() == TrialState.PRUNED).count();
            out.printf("Study '%s': %d of %d trials finished%s, results in %s%n", study.name(), result.finished(),
                    result.budget(), pruned == 0 ? "" : " (" + pruned + " pruned)", dir);
            EnsembleView ensembleView = new EnsembleView(out);
            ensembleView.print(AutoEnsemble.afterSweep(study, result, storage, dir, ensembleView));
            out.printf("Report: %s%n", dir.resolve(StudyReport.FILE_NAME));
        }
        return 0;
    }
}
