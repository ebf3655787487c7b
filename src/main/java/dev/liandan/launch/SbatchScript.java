package dev.liandan.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * The sbatch script of a {@link SlurmJob}: a job array whose every task runs one
 * {@code liandan worker}, named after the job and its task so that {@code liandan status} and
 * {@code squeue} speak of the same thing. The password is never written here: sbatch passes the
 * submitter's environment ({@code PGPASSWORD}) to the tasks, or the workers read a password file.
 */
public final class SbatchScript {
    private SbatchScript() {
    }

    /**
     * @param job     the array
     * @param study   the study's name (the job's name is {@code liandan-<study>})
     * @param program the worker's program: {@code java ... dev.liandan.cli.Main}, or a launcher script
     * @param worker  the worker's arguments
     */
    public static String render(SlurmJob job, String study, List<String> program, WorkerArgs worker) {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("#SBATCH --job-name=" + ShellWords.quote("liandan-" + study));
        lines.add("#SBATCH --array=0-" + (job.workers() - 1));
        lines.add("#SBATCH --ntasks=1");
        lines.add("#SBATCH --cpus-per-task=" + job.cpusPerWorker());
        if (job.partition() != null) {
            lines.add("#SBATCH --partition=" + job.partition());
        }
        if (job.gpusPerWorker() > 0) {
            lines.add("#SBATCH --gres=gpu:" + job.gpusPerWorker());
        }
        if (job.time() != null) {
            lines.add("#SBATCH --time=" + job.time());
        }
        lines.add("#SBATCH --output=" + ShellWords.quote(job.logDir().resolve("slurm-%A_%a.log").toString()));
        for (String a : job.sbatchArgs()) {
            lines.add("#SBATCH " + a);
        }
        lines.add("");
        lines.add("# One liandan worker per array task; the workers share the study through its storage.");
        lines.add("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"");
        List<String> command = new ArrayList<>(program);
        command.addAll(worker.args());
        lines.add("exec " + ShellWords.join(command) + " \\");
        lines.add("    --worker-id \"slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"");
        return String.join("\n", lines) + "\n";
    }
}
