package dev.liandan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        return PythonPeers.missing(python, script, "optuna", "Optuna", "--optuna-script", "python3-optuna");
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
        String text = PythonPeers.output(p);
        if (p.waitFor() != 0) {
            throw new IOException("the Optuna peer failed (exit " + p.exitValue() + "): " + PythonPeers.lastLine(text));
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

}
