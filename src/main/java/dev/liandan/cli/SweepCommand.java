package dev.liandan.cli;

import dev.liandan.study.StudySetup;
import dev.liandan.study.StudyBudget;
import dev.liandan.study.StopReason;
import dev.liandan.command.Backends;
import dev.liandan.ensemble.AutoEnsemble;
import dev.liandan.report.Leaderboard;
import dev.liandan.core.TrialState;
import dev.liandan.report.LiveReport;
import dev.liandan.report.StudyReport;
import dev.liandan.study.StopRules;
import dev.liandan.space.SearchSpec;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.space.TimeBudget;
import dev.liandan.core.UserError;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.CompositeListener;
import dev.liandan.study.JoinStudy;
import dev.liandan.study.LocalWorkers;
import dev.liandan.study.StudyListener;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
                "  liandan sweep search-spaces/digits-mlp.yaml --workers 2          # two worker processes",
                "  liandan sweep search-spaces/digits-mlp.yaml --storage 'jdbc:postgresql://db:5432/hpo?user=liandan' --workers 4",
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

    @Mixin
    VerboseOption.Training verbose;

    @Option(names = "--workers", paramLabel = "N",
            description = "run N worker processes on this host, each with its share of the cores; 1 runs the "
                    + "trials one after another in this process (default: dl4j trials, one per core; "
                    + "command trials, 1; with --gpus, one per GPU)")
    Integer workers;

    @Option(names = "--gpus", split = ",", paramLabel = "IDS",
            description = "GPU ids handed to the workers in turn as CUDA_VISIBLE_DEVICES (0,1,...)")
    List<String> gpus;

    @Option(names = "--time-budget", paramLabel = "DURATION",
            description = "start no trial once this much wall time has passed since the study's first trial "
                    + "started (90s, 30m, 2h, 1h30m; default: search.time_budget of the file, if any)")
    String timeBudget;

    @Option(names = "--heartbeat-grace", paramLabel = "SECONDS", defaultValue = "60",
            description = "a RUNNING trial whose heartbeat is older than this is taken as lost and re-run "
                    + "(default: ${DEFAULT-VALUE})")
    double heartbeatGrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StudySpec study = SpaceFileParser.parse(file);
        SearchSpec search = study.search();
        if (trials != null && trials < 1) {
            throw new UserError("--trials must be >= 1, got " + trials);
        }
        if (workers != null && workers < 1) {
            throw new UserError("--workers must be >= 1, got " + workers);
        }
        Minimums.of(spec).atLeast(0, "--top").check();
        if (gpus != null) {
            LocalWorkers.checkGpus(gpus);
        }
        study = study.withSearch(search.withTrialsAndSeed(trials != null ? trials : search.trials(),
                seed != null ? seed : search.seed()));
        if (timeBudget != null) {
            study = study.withSearch(study.search().withTimeBudget(TimeBudget.option(timeBudget, "--time-budget")));
        }
        StudySetup.checkSampler(study);
        StudySetup.checkPruner(study);
        if (verbose.verbose) {
            dev.liandan.study.InterruptSignal.notice().ifPresent(spec.commandLine().getErr()::println);
        }
        if (study.trial() == null) { // a command trial's program picks its own device: ND4J is not even loaded
            dev.liandan.train.Devices.fallbackNotice().ifPresent(spec.commandLine().getErr()::println);
        }
        Duration grace = JoinStudy.seconds(heartbeatGrace, "--heartbeat-grace");
        LocalWorkers.Choice choice = LocalWorkers.choose(workers, gpus == null ? 0 : gpus.size(), study.trial() == null,
                study.search().trials(), LocalWorkers.cores(), LocalWorkers.memoryBytes());
        int processes = choice.workers();
        PrintWriter out = spec.commandLine().getOut();
        Path dir = results.studyDir(study.name());
        PrintWriter err = spec.commandLine().getErr();
        Thread resumeHint = resumeHint(err);
        boolean stoppedByFailures;
        Runtime.getRuntime().addShutdownHook(resumeHint);
        // the report is closed first: a sweep that fails still waits for a write in flight
        try (StudyStorage storage = results.open(study.name());
             LiveReport report = new LiveReport(storage, dir, dir.resolve(StudyReport.FILE_NAME),
                     warning -> err.println("liandan: " + warning))) {
            out.println("liandan: " + choice.line());
            ProgressView progress = new ProgressView(out, study.objective().metric());
            StudyListener listener = new CompositeListener(progress, report);
            StudyResult result = processes == 1 && gpus == null
                    ? new StudyRunner(storage, Backends.forSpec(study), dir, listener).withHeartbeatGrace(grace)
                    .run(study, study.search().trials())
                    : runWorkers(storage, study, processes, grace, listener);
            out.println();
            out.println(Leaderboard.of(storage.findStudy(study.name()).orElseThrow(), storage.trials(study.name()), top, false,
                    study.objectives(), study.constraints()).table());
            if (result.stopReason() == StopReason.EXHAUSTED) {
                out.printf("The %s sampler had no more configurations after %d trials.%n",
                        study.search().sampler(), result.finished());
            }
            if (result.stopReason() == StopReason.TIME_BUDGET) {
                out.printf("The time budget of %s has passed: no new trial was started after it.%n",
                        TimeBudget.format(study.search().timeBudget()));
            }
            StopRules.describe(study, storage.trials(study.name()), result.stopReason()).ifPresent(out::println);
            long pruned = storage.trials(study.name()).stream().filter(t -> t.state() == TrialState.PRUNED).count();
            out.printf("Study '%s': %d of %d trials finished%s, results in %s%n", study.name(), result.finished(),
                    result.budget(), pruned == 0 ? "" : " (" + pruned + " pruned)", dir);
            EnsembleView ensembleView = new EnsembleView(out);
            ensembleView.print(AutoEnsemble.afterSweep(study, result, storage, dir, ensembleView));
            out.printf("Report: %s%n", dir.resolve(StudyReport.FILE_NAME));
            // too many failures: the study is intact and resumable, but the sweep did not do its job
            stoppedByFailures = result.stopReason() == StopReason.MAX_FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(resumeHint);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting (a signal): the hint is being printed
            }
        }
        return stoppedByFailures ? 1 : 0;
    }

    /** A shutdown hook that says how to resume, for a sweep stopped by Ctrl-C or kill (SIGTERM). */
    private Thread resumeHint(PrintWriter err) {
        // the original arguments start with the subcommand's name: "sweep FILE ..."
        List<String> words = new ArrayList<>(List.of("liandan"));
        spec.commandLine().getParseResult().originalArgs().forEach(a -> words.add(shellWord(a)));
        return new Thread(() -> {
            err.println();
            err.println("liandan: the sweep was stopped; its finished trials are kept and the running one is re-run"
                    + " when it resumes. Resume it with:");
            err.println("  " + String.join(" ", words));
            err.flush();
        }, "liandan-resume-hint");
    }

    /** {@code arg} as one shell word: quoted when it holds anything but plain characters. */
    static String shellWord(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** N child processes running `liandan worker` on the study; this one shows their progress. */
    private StudyResult runWorkers(StudyStorage storage, StudySpec study, int processes, Duration grace,
                                   StudyListener progress) {
        StudySetup.prepare(storage, study);
        List<String> args = new ArrayList<>(List.of("worker", "--study", study.name(),
                "--storage", results.storageArgument(study.name()),
                "--results", results.results.toAbsolutePath().toString(),
                "--data-root", file.toAbsolutePath().getParent().toString(),
                "--heartbeat-grace", Double.toString(grace.toMillis() / 1000.0)));
        if (results.passwordFile != null) {
            args.addAll(List.of("--password-file", results.passwordFile.toAbsolutePath().toString()));
        }
        if (verbose.verbose) {
            args.add(VerboseOption.LONG);
        }
        Path logs = results.studyDir(study.name()).resolve("workers");
        LocalWorkers.Ended ended;
        try (LocalWorkers local = LocalWorkers.start(new LocalWorkers.Plan(processes,
                gpus == null ? List.of() : gpus, Main.class.getName(), args, logs))) {
            ended = local.await(storage, study, study.search().trials(), progress);
        }
        StudyResult result = ended.result();
        int finished = result.finished();
        if (!ended.allOk() && finished < study.search().trials()) {
            int i = 0;
            while (ended.exitCodes().get(i) == 0) {
                i++;
            }
            throw new UserError("worker " + i + " exited with code " + ended.exitCodes().get(i) + ": "
                    + LocalWorkers.lastLine(ended.logs().get(i)) + " (logs in " + logs + ")");
        }
        return result;
    }
}
