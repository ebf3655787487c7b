package dev.liandan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.train.Dataset;
import dev.liandan.train.TrialConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The PyTorch side of {@link TrialBench}: {@code bench/torch_trial.py} run by a Python that has
 * torch, in a process of its own per repeat (a warm-up trial inside it before the timed ones).
 */
public final class TorchPeer {
    /** What one run of the script measured. */
    public record Result(TrialBench.Timed shortTrial, TrialBench.Timed longTrial, double[] gemmSeconds, String version) {
    }

    private final String python;
    private final Path script;

    public TorchPeer(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** Why the peer cannot run here, or empty when it can: the script is there and {@code python} imports torch. */
    public Optional<String> missing() {
        return PythonPeers.missing(python, script, "torch", "PyTorch", "--torch-script", "python3-torch");
    }

    /** Runs the short and the long trial of {@code w} on the splits exported to {@code dataDir}. */
    public Result run(TrialBench.Workload w, Dataset data, Path dataDir, Path outDir, int threads, long seed,
                      List<TrialBench.Gemm> gemms) throws IOException, InterruptedException {
        TrialConfig cfg = TrialConfig.from(w.params());
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(),
                "--data", dataDir.toString(), "--out", outDir.toString(),
                "--net", w.imageShape() != null ? "cnn" : "mlp",
                "--features", Integer.toString(data.featureCount()), "--classes", Integer.toString(data.classCount()),
                "--train-rows", Integer.toString(data.train().size()), "--val-rows", Integer.toString(data.validation().size()),
                "--hidden", Integer.toString(cfg.model().hiddenLayers()), "--units", Integer.toString(cfg.model().units()),
                "--batch", Integer.toString(cfg.training().batchSize()), "--lr", Double.toString(cfg.optimizer().lr()),
                "--short", Integer.toString(w.shortEpochs()), "--long", Integer.toString(w.longEpochs()),
                "--seed", Long.toString(seed), "--threads", Integer.toString(threads),
                "--gemm", gemms.stream().map(TrialBench.Gemm::toString).collect(Collectors.joining(";"))));
        if (w.imageShape() != null) {
            cmd.addAll(List.of("--conv-layers", Integer.toString(cfg.cnn().convLayers()), "--filters",
                    Integer.toString(cfg.cnn().filters()), "--kernel", Integer.toString(cfg.cnn().kernelSize()), "--image",
                    Integer.toString(w.imageShape()[0]), Integer.toString(w.imageShape()[1]),
                    Integer.toString(w.imageShape()[2])));
        }
        Files.createDirectories(outDir);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        // torch's own threads are set in the script; the OpenMP runtime under it reads this one
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process p = pb.start();
        String text = PythonPeers.output(p);
        if (p.waitFor() != 0) {
            throw new IOException("the PyTorch peer failed (exit " + p.exitValue() + "): " + PythonPeers.lastLine(text));
        }
        JsonNode json = new ObjectMapper().readTree(PythonPeers.lastLine(text));
        double[] gemm = new double[json.get("gemm_s").size()];
        for (int i = 0; i < gemm.length; i++) {
            gemm[i] = json.get("gemm_s").get(i).asDouble();
        }
        double acc = json.get("val_accuracy").asDouble();
        return new Result(new TrialBench.Timed(json.get("short_s").asDouble(), json.get("short_cpu_s").asDouble(), acc,
                json.path("first_step_s").asDouble(Double.NaN)),
                new TrialBench.Timed(json.get("long_s").asDouble(), json.get("long_cpu_s").asDouble(), acc), gemm, json.get("torch").asText());
    }

}
