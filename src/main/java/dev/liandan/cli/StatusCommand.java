package dev.liandan.cli;

import dev.liandan.study.StudySetup;
import dev.liandan.launch.Slurm;
import dev.liandan.report.StudyStatus;
import dev.liandan.core.UserError;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the progress of a (running) study from its storage: trials by state, the best so far, "
                + "running trials with their latest epoch and value, and an ETA.",
        footer = {"", "Examples:",
                "  liandan status --study digits-mlp",
                "  watch -n 5 liandan status --study digits-mlp"})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StudyLocation.Named study;

    @Option(names = "--trials", paramLabel = "N",
            description = "the budget to measure progress against (default: the one the study's sweep ran with, "
                    + "its --trials or the space file's search.trials)")
    Integer trials;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (trials != null && trials < 1) {
            throw new UserError("--trials must be >= 1, got " + trials);
        }
        try (StudyStorage storage = study.open()) {
            StudyRecord record = study.record(storage);
            // the budget the sweep (or a worker's --trials) stored with the study, else the file's
            String stored = storage.studyAttributes(study.study()).get(StudySetup.ATTRIBUTE_TRIALS);
            int budget = trials != null ? trials : stored != null ? Integer.parseInt(stored) : StudyStatus.fileBudget(record);
            spec.commandLine().getOut().print(StudyStatus.text(record, storage.trials(study.study()), budget, Instant.now()));
            String job = storage.studyAttributes(study.study()).get(Slurm.JOB_ATTRIBUTE);
            if (job != null) {
                // launched with `liandan launch slurm`: the job array's tasks beside the study
                spec.commandLine().getOut().println("Slurm " + Slurm.describe(job));
            }
        }
        return 0;
    }
}
