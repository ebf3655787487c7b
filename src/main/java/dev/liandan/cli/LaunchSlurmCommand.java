package dev.liandan.cli;

import dev.liandan.study.StudySetup;
import dev.liandan.launch.SbatchScript;
import dev.liandan.launch.SlurmJob;
import dev.liandan.launch.SlurmLaunch;
import dev.liandan.launch.WorkerArgs;
import dev.liandan.space.StudySpec;
import dev.liandan.storage.Storages;
import dev.liandan.study.LocalWorkers;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = {"Create the study in its storage and submit a Slurm job array of N tasks, each running "
                + "`liandan worker` on it. A cancelled task is a lost worker: its trial is re-run by another.",
                "The tasks run this program with its Java and class path: they must be reachable from every "
                        + "node (a shared file system), as must --results and the data."},
        footer = {"", "Examples:",
                "  export PGPASSWORD=...   # passed to the tasks by sbatch's environment, never written to the script",
                "  liandan launch slurm search-spaces/digits-mlp.yaml --workers 8 --partition gpu --gpus-per-worker 1 \\",
                "      --time 4:00:00 --storage 'jdbc:postgresql://db.example:5432/hpo?user=liandan'",
                "  liandan launch slurm search-spaces/digits-mlp.yaml --workers 4 --dry-run   # print the script only",
                "  liandan status --study digits-mlp --storage ...   # the study and the job's tasks"})
final class LaunchSlurmCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPACE", description = "the space file (YAML)")
    Path file;

    @Option(names = "--workers", required = true, paramLabel = "N", description = "array tasks, one worker each")
    int workers;

    @Mixin
    ResultsOptions results;

    @Option(names = "--partition", paramLabel = "P", description = "the Slurm partition (default: the cluster's)")
    String partition;

    @Option(names = "--gpus-per-worker", paramLabel = "G", defaultValue = "0",
            description = "GPUs per task, asked as --gres=gpu:G (default: ${DEFAULT-VALUE})")
    int gpusPerWorker;

    @Option(names = "--time", paramLabel = "T", description = "each task's time limit (HH:MM:SS, D-HH:MM:SS)")
    String time;

    @Option(names = "--cpus-per-worker", paramLabel = "C", defaultValue = "1",
            description = "CPUs per task (default: ${DEFAULT-VALUE}); the worker's OMP_NUM_THREADS")
    int cpusPerWorker;

    @Option(names = "--sbatch-arg", paramLabel = "ARG",
            description = "another sbatch option for the script, one per use (--sbatch-arg=--account=ml)")
    List<String> sbatchArgs = new ArrayList<>();

    @Mixin
    LaunchStudyOptions launch;

    @Option(names = "--dry-run", description = "print the sbatch script; create and submit nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StudySpec study = launch.study(file);
        StudySetup.checkSampler(study);
        StudySetup.checkPruner(study);
        Path dir = results.studyDir(study.name()).toAbsolutePath();
        SlurmJob job = new SlurmJob(workers, partition, gpusPerWorker, time, cpusPerWorker, sbatchArgs,
                dir.resolve(SlurmLaunch.FOLDER));
        WorkerArgs worker = new WorkerArgs(study.name(), SlurmLaunch.sharedStorage(results.storageArgument(study.name())),
                results.passwordFile == null ? null : results.passwordFile.toAbsolutePath(),
                results.results.toAbsolutePath(), file.toAbsolutePath().getParent(),
                launch.heartbeatGrace());
        List<String> program = LocalWorkers.jvm(Main.class.getName());
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.print(SbatchScript.render(job, study.name(), program, worker));
            return 0;
        }
        if (results.storage == null || !results.storage.strip().startsWith("jdbc:postgresql:")) {
            spec.commandLine().getErr().println("liandan: warning: the tasks share the SQLite file "
                    + Storages.mask(worker.storage()) + ": it must be on a file system every node mounts, and "
                    + "SQLite's locking is unreliable over NFS; --storage jdbc:postgresql://... is the storage for many hosts");
        }
        try (StudyStorage storage = results.open(study.name())) {
            SlurmLaunch.Launched launched = SlurmLaunch.launch(storage, study, job, worker, program, dir);
            out.printf("Submitted Slurm job %s: %d worker(s) on study '%s' (script %s)%n", launched.jobId(), workers,
                    study.name(), launched.scriptFile());
            out.printf("Follow it: liandan status --study %s%s   or   squeue -j %s%n", study.name(),
                    results.storage == null ? " --results " + results.results
                            : " --storage '" + Storages.mask(results.storage) + "'", launched.jobId());
            out.printf("Task logs: %s/slurm-%s_<task>.log; stop it: scancel %s%n", job.logDir(), launched.jobId(),
                    launched.jobId());
        }
        return 0;
    }
}
