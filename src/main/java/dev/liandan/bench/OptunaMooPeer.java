package dev.liandan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Optuna side of {@link MooBench}: {@code bench/optuna_moo.py} run by a Python that has Optuna, as
 * one child process for every problem, method and seed. It returns each run's feasible objective
 * vectors, so both sides' hypervolumes are computed here, by the same code.
 */
public final class OptunaMooPeer {
    /** Optuna's runs and its version. */
    public record Result(String version, List<MooBench.Run> runs) {
    }

    private final String python;
    private final Path script;

    public OptunaMooPeer(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** Why the peer cannot run here, or empty when it can: the script is there and {@code python} imports optuna. */
    public Optional<String> missing() {
        if (!Files.isRegularFile(script)) {
            return Optional.of("the Optuna peer " + script + " is missing (run the bench from the project folder or pass"
                    + " --optuna-script)");
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import optuna").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of(python + " cannot import optuna (Debian: apt-get install python3-optuna; or pass"
                        + " --python): " + lastLine(text));
            }
        } catch (IOException e) {
            return Optional.of("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    /** Starts the script; {@link #finish} waits for it and reads what it wrote. */
    public Process start(List<String> problems, List<String> methods, int seeds, int trials, int jobs, Path json)
            throws IOException {
        List<String> cmd = List.of(python, script.toString(), "--problems", String.join(",", problems),
                "--methods", String.join(",", methods), "--seeds", Integer.toString(seeds),
                "--trials", Integer.toString(trials), "--jobs", Integer.toString(jobs), "--json", json.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    public Result finish(Process p, Path json) throws IOException, InterruptedException {
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException("the Optuna peer failed (exit " + p.exitValue() + "): " + lastLine(text));
        }
        return read(json);
    }

    /** The runs a script wrote to {@code json}. */
    public static Result read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<MooBench.Run> runs = new ArrayList<>();
        for (JsonNode r : root.get("runs")) {
            List<double[]> points = new ArrayList<>();
            for (JsonNode p : r.get("points")) {
                double[] v = new double[p.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = p.get(k).asDouble();
                }
                points.add(v);
            }
            runs.add(new MooBench.Run(r.get("problem").asText(), r.get("method").asText(), r.get("seed").asLong(), points,
                    r.get("seconds").asDouble(), r.get("cpu_seconds").asDouble()));
        }
        return new Result(root.get("optuna").asText(), runs);
    }

    private static String lastLine(String text) {
        String[] lines = text.split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
