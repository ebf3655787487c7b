package dev.liandan.launch;

import dev.liandan.core.UserError;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Slurm job array of liandan workers: what {@code liandan launch slurm} asks of sbatch.
 *
 * @param workers        array tasks, one worker each
 * @param partition      the partition, or null for the cluster's default
 * @param gpusPerWorker  GPUs per task ({@code --gres=gpu:G}), 0 for none
 * @param time           the time limit as sbatch takes it ({@code 2:00:00}, {@code 1-12}), or null
 * @param cpusPerWorker  CPUs per task
 * @param sbatchArgs     further {@code #SBATCH} options, each one {@code --name[=value]}
 * @param logDir         where each task's output goes ({@code slurm-<job>_<task>.log})
 */
public record SlurmJob(int workers, String partition, int gpusPerWorker, String time, int cpusPerWorker,
                       List<String> sbatchArgs, Path logDir) {
    /** Slurm's own limit on an array's size varies by site (MaxArraySize); this only stops nonsense. */
    static final int MAX_WORKERS = 100_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern TIME = Pattern.compile("(\\d+-)?\\d+(:\\d+){0,2}|UNLIMITED|INFINITE");

    public SlurmJob {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new UserError("--workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
        }
        if (partition != null && !NAME.matcher(partition).matches()) {
            throw new UserError("--partition: expected a partition name (letters, digits, _ . -), got '" + partition + "'");
        }
        if (gpusPerWorker < 0) {
            throw new UserError("--gpus-per-worker must be >= 0, got " + gpusPerWorker);
        }
        if (time != null && !TIME.matcher(time).matches()) {
            throw new UserError("--time: expected a Slurm time limit (MINUTES, HH:MM:SS, D-HH, D-HH:MM:SS), got '"
                    + time + "'");
        }
        if (cpusPerWorker < 1) {
            throw new UserError("--cpus-per-worker must be >= 1, got " + cpusPerWorker);
        }
        for (String a : sbatchArgs) {
            if (!a.startsWith("--") || a.length() < 3 || a.chars().anyMatch(Character::isWhitespace)) {
                throw new UserError("--sbatch-arg: expected one sbatch option without spaces (--name or --name=value), got '"
                        + a + "'");
            }
        }
        sbatchArgs = List.copyOf(sbatchArgs);
    }
}
