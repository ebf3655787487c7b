package dev.liandan.cli;

import dev.liandan.command.Backends;
import dev.liandan.space.StudySpec;
import dev.liandan.space.TimeBudget;
import dev.liandan.study.JoinStudy;
import dev.liandan.study.StudyResult;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.WorkerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join a study from this host: run its trials until its budget is spent, "
                + "alongside any other workers of the same storage.",
                "The study's space file is read from storage; only the data must be reachable here "
                        + "(a relative data.path starts at the space file's folder as the sweep named it, "
                        + "from the current directory, or at --data-root)."},
        footer = {"", "Examples:",
                "  export PGPASSWORD=...   # or --password-file FILE",
                "  liandan worker --storage 'jdbc:postgresql://db.example:5432/hpo?user=liandan' --study digits-mlp",
                "  liandan worker --storage 'jdbc:postgresql://db.example:5432/hpo?user=liandan' --study digits-mlp \\",
                "      --data-root /data/liandan/search-spaces --results /scratch/results",
                "  liandan worker --study digits-mlp          # a local SQLite study: results/digits-mlp/study.db",
                "", "Ctrl-C records the running trial as interrupted; another worker re-runs it."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    StudyLocation.Joined study;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "relative data paths of the space file start here (default: the folder of the "
                    + "space file as the sweep named it, from the current directory)")
    Path dataRoot;

    @Option(names = "--trials", paramLabel = "N",
            description = "a new budget for the whole study (default: the budget of the sweep that started it)")
    Integer trials;

    @Option(names = "--time-budget", paramLabel = "DURATION",
            description = "start no trial once this much wall time has passed since the study's first trial "
                    + "started (90s, 30m, 2h, 1h30m; default: that of the sweep that started the study)")
    String timeBudget;

    @Option(names = "--heartbeat-grace", paramLabel = "SECONDS", defaultValue = "60",
            description = "a RUNNING trial whose heartbeat is older than this is taken as lost and re-run "
                    + "(default: ${DEFAULT-VALUE})")
    double heartbeatGrace;

    @Option(names = "--worker-id", paramLabel = "NAME",
            description = "this worker's name in storage, unique per study (default: host/pid)")
    String workerId;

    @Option(names = "--exit-with", paramLabel = "PID", hidden = true,
            description = "stop when process PID is gone (set by sweep --workers)")
    Long exitWith;

    @Mixin
    VerboseOption.Training verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (exitWith != null) {
            JoinStudy.exitWhenGone(exitWith);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (StudyStorage storage = study.open(": give --storage URL, or start it with `liandan sweep FILE`")) {
            StudySpec joined = JoinStudy.spec(storage, study.study(), dataRoot, trials);
            if (timeBudget != null) {
                // like --trials: a new time budget for every worker of the study
                joined = joined.withSearch(joined.search().withTimeBudget(TimeBudget.option(timeBudget, "--time-budget")));
            }
            StudyRunner runner = new StudyRunner(storage, Backends.forSpec(joined), study.dir(),
                    new ProgressView(out, joined.objective().metric()))
                    .withHeartbeatGrace(JoinStudy.seconds(heartbeatGrace, "--heartbeat-grace"));
            String id = workerId != null ? workerId : WorkerId.current();
            runner.withWorker(id);
            StudyResult result = runner.run(joined, joined.search().trials());
            out.printf("Worker %s ran %d trials; study '%s': %d of %d trials finished (%s)%n", id,
                    result.ranThisRun(), study.study(), result.finished(), result.budget(), result.stopReason());
        }
        return 0;
    }
}
