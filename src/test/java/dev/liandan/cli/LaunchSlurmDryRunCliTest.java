package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code launch slurm --dry-run} and refused options: no Slurm needed, nothing created. */
class LaunchSlurmDryRunCliTest {
    @TempDir
    Path tmp;

    private Path space() throws Exception {
        Path file = tmp.resolve("dry.yaml");
        Files.writeString(file, """
                study: dry
                params:
                  x: {float: [0.0, 1.0]}
                objective: {metric: loss, direction: minimize}
                search: {sampler: random, trials: 4, seed: 1}
                trial:
                  command: [sh, -c, "echo liandan: final loss={x}"]
                """);
        return file;
    }

    @Test
    void dryRunPrintsTheScriptAndCreatesNothing() throws Exception {
        Path results = tmp.resolve("results");
        CliRunner.Result r = CliRunner.run("launch", "slurm", space().toString(), "--workers", "4", "--results",
                results.toString(), "--partition", "gpu", "--gpus-per-worker", "2", "--time", "1:00:00",
                "--cpus-per-worker", "8", "--sbatch-arg=--account=ml", "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("#!/bin/bash\n#SBATCH --job-name=liandan-dry\n#SBATCH --array=0-3\n"), r.out());
        for (String line : new String[]{"#SBATCH --partition=gpu", "#SBATCH --gres=gpu:2", "#SBATCH --time=1:00:00",
                "#SBATCH --cpus-per-task=8", "#SBATCH --account=ml"}) {
            assertTrue(r.out().contains(line + "\n"), line + " in " + r.out());
        }
        assertTrue(r.out().contains(" dev.liandan.cli.Main worker --study dry --storage "), r.out());
        assertTrue(r.out().contains("--worker-id \"slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\""), r.out());
        assertFalse(Files.exists(results), "a dry run creates nothing");
    }

    @Test
    void optionsSbatchWouldMisreadAreOneLine() throws Exception {
        for (String[] bad : new String[][]{{"--workers", "0"}, {"--workers", "2", "--time", "2 hours"},
                {"--workers", "2", "--partition", "a b"}, {"--workers", "2", "--sbatch-arg", "account=ml"}}) {
            String[] args = new String[bad.length + 4];
            args[0] = "launch";
            args[1] = "slurm";
            args[2] = space().toString();
            System.arraycopy(bad, 0, args, 3, bad.length);
            args[args.length - 1] = "--dry-run";
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", bad) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
