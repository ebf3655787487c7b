package dev.liandan.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.core.UserError;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAHPO Gym's surrogate of LCBench (Pfisterer et al. 2022, "YAHPO Gym — An Efficient
 * Multi-Objective Multi-Fidelity Benchmark for Hyperparameter Optimization"; LCBench: Zimmer et al.
 * 2021), evaluated with ONNX Runtime. Inputs as YAHPO Gym's {@code BenchmarkSet} builds them: the
 * task's index from {@code encoding.json} as int32 {@code x_cat}, and the raw hyperparameter
 * values, in the order {@link #INPUTS}, as float32 {@code x_cont}; the network applies its own log
 * scales and normalisation inside the graph. Outputs in the order {@link #OUTPUTS}: {@code time}
 * is the cumulative training time in seconds up to the given epoch, {@code val_accuracy} in percent.
 *
 * <p>One session serves every thread (ONNX Runtime's {@code run} is thread-safe); it runs on one
 * intra-op thread, as the machines it runs on are shared.
 */
public final class LcbenchSurrogate implements AutoCloseable {
    /** The {@code x_cont} columns, as YAHPO Gym's lcbench config names them ({@code cont_names}). */
    public static final List<String> INPUTS = List.of("epoch", "batch_size", "learning_rate", "momentum",
            "weight_decay", "num_layers", "max_units", "max_dropout");
    /** The output columns ({@code y_names}). */
    public static final List<String> OUTPUTS = List.of("time", "val_accuracy", "val_cross_entropy",
            "val_balanced_accuracy", "test_cross_entropy", "test_balanced_accuracy");
    public static final int TIME = 0;
    public static final int VAL_ACCURACY = 1;
    /** Epochs of LCBench's learning curves: the fidelity runs from 1 to this. */
    public static final int EPOCHS = 52;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, Integer> taskIndex;
    private final List<String> tasks;

    private LcbenchSurrogate(OrtEnvironment env, OrtSession session, Map<String, Integer> taskIndex, List<String> tasks) {
        this.env = env;
        this.session = session;
        this.taskIndex = taskIndex;
        this.tasks = tasks;
    }

    /** The surrogate's folder beside the project (see {@link LcbenchFiles#defaultDir}). */
    public static Path defaultDir(Path projectRoot) {
        return LcbenchFiles.defaultDir(projectRoot);
    }

    /** Opens {@code model.onnx}, {@code encoding.json} and {@code config_space.json} of {@code dir}. */
    public static LcbenchSurrogate open(Path dir) {
        LcbenchFiles.check(dir);
        Path model = dir.resolve("model.onnx");
        ObjectMapper json = new ObjectMapper();
        try {
            Map<String, Integer> index = new LinkedHashMap<>();
            json.readTree(dir.resolve("encoding.json").toFile()).get("OpenML_task_id").fields()
                    .forEachRemaining(e -> index.put(e.getKey(), e.getValue().asInt()));
            List<String> tasks = new ArrayList<>();
            for (JsonNode p : json.readTree(dir.resolve("config_space.json").toFile()).get("hyperparameters")) {
                if (p.get("name").asText().equals("OpenML_task_id")) {
                    p.get("choices").forEach(c -> tasks.add(c.asText()));
                }
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                return new LcbenchSurrogate(env, env.createSession(model.toString(), options),
                        Collections.unmodifiableMap(index), List.copyOf(tasks));
            }
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read the LCBench surrogate in " + dir + ": " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new UserError("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    /** The 34 OpenML task ids of the benchmark, in the config space's order. */
    public List<String> tasks() {
        return tasks;
    }

    /** Whether {@code task} is one of the benchmark's tasks. */
    public boolean knows(String task) {
        return tasks.contains(task);
    }

    /**
     * The surrogate's outputs for each row: {@code rows[i]} holds the {@link #INPUTS} of row i,
     * {@code tasks[i]} its task; returns {@code [n][OUTPUTS.size()]}.
     */
    public float[][] evaluate(String[] rowTasks, double[][] rows) {
        int n = rows.length;
        int[] cat = new int[n];
        float[] cont = new float[n * INPUTS.size()];
        for (int i = 0; i < n; i++) {
            Integer t = taskIndex.get(rowTasks[i]);
            if (t == null || !tasks.contains(rowTasks[i])) {
                throw new UserError("unknown LCBench task '" + rowTasks[i] + "': expected one of " + String.join(", ", tasks));
            }
            cat[i] = t;
            for (int j = 0; j < INPUTS.size(); j++) {
                cont[i * INPUTS.size() + j] = (float) rows[i][j];
            }
        }
        try (OnnxTensor xCat = OnnxTensor.createTensor(env, IntBuffer.wrap(cat), new long[]{n, 1});
             OnnxTensor xCont = OnnxTensor.createTensor(env, FloatBuffer.wrap(cont), new long[]{n, INPUTS.size()});
             OrtSession.Result result = session.run(Map.of("x_cat", xCat, "x_cont", xCont))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the LCBench surrogate: " + e.getMessage(), e);
        }
    }

    /** The learning curve of one configuration on one task: epochs 1..{@link #EPOCHS} in one batch. */
    public LcbenchCurve curve(String task, LcbenchConfig config) {
        String[] t = new String[EPOCHS];
        double[][] rows = new double[EPOCHS][];
        for (int e = 1; e <= EPOCHS; e++) {
            t[e - 1] = task;
            rows[e - 1] = config.inputs(e);
        }
        return LcbenchCurve.of(evaluate(t, rows));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing to keep: the session's memory is freed with the process
        }
    }
}
