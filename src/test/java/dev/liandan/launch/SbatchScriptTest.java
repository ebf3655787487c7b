package dev.liandan.launch;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sbatch script of {@code liandan launch slurm}: exact text, shell quoting, refused options. */
class SbatchScriptTest {
    private static final WorkerArgs WORKER = new WorkerArgs("digits-mlp",
            "jdbc:postgresql://db:5432/hpo?user=liandan", null, Path.of("/scratch/results"),
            Path.of("/home/me/spaces"), Duration.ofSeconds(60));

    @Test
    void anArrayOfWorkersWithItsResources() {
        SlurmJob job = new SlurmJob(8, "gpu", 2, "4:00:00", 6, List.of("--account=ml", "--qos=high"),
                Path.of("/scratch/results/digits-mlp/slurm"));
        assertEquals("""
                #!/bin/bash
                #SBATCH --job-name=liandan-digits-mlp
                #SBATCH --array=0-7
                #SBATCH --ntasks=1
                #SBATCH --cpus-per-task=6
                #SBATCH --partition=gpu
                #SBATCH --gres=gpu:2
                #SBATCH --time=4:00:00
                #SBATCH --output=/scratch/results/digits-mlp/slurm/slurm-%A_%a.log
                #SBATCH --account=ml
                #SBATCH --qos=high

                # One liandan worker per array task; the workers share the study through its storage.
                export OMP_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
                exec /opt/java/bin/java -cp /opt/liandan/liandan.jar dev.liandan.cli.Main worker --study digits-mlp \
                --storage 'jdbc:postgresql://db:5432/hpo?user=liandan' --results /scratch/results --data-root \
                /home/me/spaces --heartbeat-grace 60 \\
                    --worker-id "slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
                """, SbatchScript.render(job, "digits-mlp",
                List.of("/opt/java/bin/java", "-cp", "/opt/liandan/liandan.jar", "dev.liandan.cli.Main"), WORKER));
    }

    @Test
    void withoutOptionalResourcesTheClusterDefaultsHold() {
        String script = SbatchScript.render(new SlurmJob(1, null, 0, null, 1, List.of(), Path.of("/l")), "s",
                List.of("liandan"), WORKER);
        assertTrue(!script.contains("--partition") && !script.contains("--gres") && !script.contains("--time"), script);
        assertTrue(script.contains("#SBATCH --array=0-0\n"), script);
    }

    @Test
    void theTasksAreToldAStorageTheyShare() {
        String pg = "jdbc:postgresql://db:5432/hpo?user=liandan";
        assertEquals(pg, SlurmLaunch.sharedStorage(pg));
        assertEquals(Path.of("r/s.db").toAbsolutePath().toString(), SlurmLaunch.sharedStorage("r/s.db"));
        assertEquals("sqlite:" + Path.of("s.db").toAbsolutePath(), SlurmLaunch.sharedStorage("sqlite:s.db"));
        assertThrows(UserError.class, () -> SlurmLaunch.sharedStorage("memory:"));
    }

    @Test
    void wordsWithSpacesAndQuotesStayOneArgument() {
        assertEquals("'a b'", ShellWords.quote("a b"));
        assertEquals("'it'\\''s'", ShellWords.quote("it's"));
        assertEquals("'$HOME'", ShellWords.quote("$HOME"));
        assertEquals("''", ShellWords.quote(""));
        assertEquals("/a/b.jar:/c", ShellWords.quote("/a/b.jar:/c"));
    }

    @Test
    void refusesWhatSbatchWouldMisread() {
        Path l = Path.of("/l");
        assertThrows(UserError.class, () -> new SlurmJob(0, null, 0, null, 1, List.of(), l));
        assertThrows(UserError.class, () -> new SlurmJob(1, "gpu\n#SBATCH --x", 0, null, 1, List.of(), l));
        assertThrows(UserError.class, () -> new SlurmJob(1, null, -1, null, 1, List.of(), l));
        assertThrows(UserError.class, () -> new SlurmJob(1, null, 0, "2 hours", 1, List.of(), l));
        assertThrows(UserError.class, () -> new SlurmJob(1, null, 0, null, 0, List.of(), l));
        assertThrows(UserError.class, () -> new SlurmJob(1, null, 0, null, 1, List.of("account=ml"), l));
        assertThrows(UserError.class, () -> new SlurmJob(1, null, 0, null, 1, List.of("--a b"), l));
        assertEquals("Invalid partition name specified",
                Slurm.errors("sbatch: error: Batch job submission failed: Invalid partition name specified\n", "")
                        .replace("Batch job submission failed: ", ""));
    }
}
