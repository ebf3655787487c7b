package dev.liandan.launch;

import dev.liandan.study.StudySetup;
import dev.liandan.core.UserError;
import dev.liandan.space.StudySpec;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudyStorage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code liandan launch slurm}: creates the study in its storage (so every task finds it, with its
 * budget and seed), writes the sbatch script beside the study's results, submits it and records
 * the job's id with the study, for {@code liandan status}.
 */
public final class SlurmLaunch {
    /** The script's place: {@code <results>/<study>/slurm/<study>.sbatch}. */
    public static final String FOLDER = "slurm";

    /** What was launched: the job's id (null for a dry run), the script and where it was written. */
    public record Launched(String jobId, String script, Path scriptFile) {
    }

    private SlurmLaunch() {
    }

    /**
     * The storage as every task must be told it: PostgreSQL as given; a SQLite file by its absolute
     * path (a task may start elsewhere than here); memory, which no two processes share, refused.
     */
    public static String sharedStorage(String storage) {
        String s = storage.strip();
        if (s.startsWith("jdbc:postgresql:")) {
            return s;
        }
        if (s.equals("memory:")) {
            throw new UserError("--storage memory: keeps the study in one process; the tasks need a storage they"
                    + " share: jdbc:postgresql://HOST:PORT/DB?user=NAME (or a SQLite file every node mounts)");
        }
        String prefix = s.startsWith("jdbc:sqlite:") ? "jdbc:sqlite:" : s.startsWith("sqlite:") ? "sqlite:" : "";
        try {
            return prefix + Path.of(s.substring(prefix.length())).toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            throw new UserError("--storage '" + storage + "' is not a valid file path: " + e.getReason());
        }
    }

    /**
     * @param studyDir the study's results folder (the script and the tasks' logs go below it)
     * @param program  the worker's program ({@code java ... dev.liandan.cli.Main})
     */
    public static Launched launch(StudyStorage storage, StudySpec spec, SlurmJob job, WorkerArgs worker,
                                  List<String> program, Path studyDir) {
        String script = SbatchScript.render(job, spec.name(), program, worker);
        StudySetup.prepare(storage, spec);
        Path file = studyDir.resolve(FOLDER).resolve(spec.name() + ".sbatch");
        try {
            Files.createDirectories(job.logDir());
            Files.createDirectories(file.getParent());
            Files.writeString(file, script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot write the sbatch script " + file + ": " + e.getMessage());
        }
        String id = Slurm.submit(file);
        storage.setStudyAttribute(spec.name(), Slurm.JOB_ATTRIBUTE, id);
        return new Launched(id, script, file);
    }
}
