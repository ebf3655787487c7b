package dev.liandan.launch;

import dev.liandan.core.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Slurm's own commands ({@code sbatch}, {@code squeue}), run as a user would: no REST API or
 * library, since every Slurm cluster has these on its login nodes and they speak for the site's
 * configuration (accounts, QOS, defaults).
 */
public final class Slurm {
    /** The study attribute that names the job array a study was launched with. */
    public static final String JOB_ATTRIBUTE = "launch.slurm.job";
    private static final long WAIT_SECONDS = 60;

    private Slurm() {
    }

    /** Submits {@code script}; returns the job id, or a user error with sbatch's reason in one line. */
    public static String submit(Path script) {
        Result r = run(List.of("sbatch", "--parsable", script.toString()));
        if (r.code != 0) {
            throw new UserError("sbatch refused the job: " + errors(r.err, r.out));
        }
        // --parsable prints "jobid" or "jobid;cluster"
        String id = r.out.strip().lines().reduce((a, b) -> b).orElse("").split(";")[0].strip();
        if (!id.matches("\\d+")) {
            throw new UserError("sbatch printed no job id: " + errors(r.err, r.out));
        }
        return id;
    }

    /**
     * The states of the job's array tasks as squeue reports them ("RUNNING: 0,1; PENDING: 2"), or
     * that it is no longer queued (finished, cancelled, or past squeue's memory of it).
     */
    public static String describe(String jobId) {
        Result r;
        try {
            r = run(List.of("squeue", "-h", "-r", "-j", jobId, "-o", "%K %T"));
        } catch (UserError e) {
            return "job " + jobId + ": " + e.getMessage();
        }
        if (r.code != 0 || r.out.isBlank()) {
            return "job " + jobId + ": not in the queue (finished or cancelled)";
        }
        Map<String, List<String>> byState = new TreeMap<>();
        for (String line : r.out.strip().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2) {
                byState.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0]);
            }
        }
        return "job " + jobId + ": " + byState.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().stream()
                        .sorted(java.util.Comparator.comparingLong(Slurm::taskOrder)).collect(Collectors.joining(",")))
                .collect(Collectors.joining("; "));
    }

    /** Array task ids in number order; anything else squeue prints ("[2-7%2]" for pending ones) after them. */
    private static long taskOrder(String id) {
        return id.matches("\\d{1,18}") ? Long.parseLong(id) : Long.MAX_VALUE;
    }

    /** sbatch's complaint in one line: its "error:" lines without the program's prefix. */
    static String errors(String err, String out) {
        List<String> lines = (err + "\n" + out).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> errors = lines.stream().filter(l -> l.contains("error:"))
                .map(l -> l.substring(l.indexOf("error:") + "error:".length()).strip()).distinct().toList();
        List<String> shown = errors.isEmpty() ? lines : errors;
        return shown.isEmpty() ? "no reason given" : String.join("; ", shown);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UserError(command.get(0) + " is not on the PATH: launch from a host of the Slurm cluster"
                    + " (a login node), or use --dry-run to print the script");
        }
        try {
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UserError(command.get(0) + " did not answer within " + WAIT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError(command.get(0) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new UserError(command.get(0) + " was interrupted");
        }
    }
}
