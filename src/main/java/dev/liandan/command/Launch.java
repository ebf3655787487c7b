package dev.liandan.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.liandan.space.DataSpec;
import dev.liandan.space.Placeholders;
import dev.liandan.space.TrialSpec;
import dev.liandan.space.Values;
import dev.liandan.study.TrialRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one trial's program is started: its argument list with the placeholders filled, and the
 * environment liandan adds. The params reach the program three ways (docs/command-trials.md):
 * as {@code {name}} arguments, as {@code LIANDAN_PARAM_<NAME>} variables, and as a JSON object in
 * the file named by {@code LIANDAN_PARAMS}.
 *
 * @param command the program and its arguments, each one argument as is (no shell, no splitting)
 * @param env     variables to set on top of the inherited environment
 */
record Launch(List<String> command, Map<String, String> env) {
    static final String PARAMS_FILE = "params.json";
    static final String LOG_FILE = "output.log";
    static final String PARAM_PREFIX = "LIANDAN_PARAM_";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the params file into the request's artifact folder and builds the launch. */
    static Launch prepare(TrialRequest request) throws IOException {
        TrialSpec trial = request.spec().trial();
        Path dir = request.artifactDir().toAbsolutePath();
        Path paramsFile = dir.resolve(PARAMS_FILE);
        Files.createDirectories(dir);
        JSON.writeValue(paramsFile.toFile(), request.params());

        Map<String, String> builtins = Map.of(
                "liandan.study", request.spec().name(),
                "liandan.trial", Integer.toString(request.number()),
                "liandan.seed", Long.toString(request.seed()),
                "liandan.artifact_dir", dir.toString(),
                "liandan.params_file", paramsFile.toString());
        List<String> command = new ArrayList<>();
        for (String arg : trial.command()) {
            command.add(fill(arg, builtins, request.params()));
        }
        // a relative program path ("./train.sh") starts at the working directory, as it would in a shell there
        String program = command.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            command.set(0, trial.workdir().resolve(program).normalize().toString());
        }

        Map<String, String> env = new LinkedHashMap<>();
        trial.env().forEach((k, v) -> env.put(k, fill(v, builtins, request.params())));
        env.put("LIANDAN_STUDY", request.spec().name());
        env.put("LIANDAN_TRIAL", Integer.toString(request.number()));
        env.put("LIANDAN_SEED", Long.toString(request.seed()));
        env.put("LIANDAN_ARTIFACT_DIR", dir.toString());
        env.put("LIANDAN_PARAMS", paramsFile.toString());
        request.params().forEach((k, v) -> env.put(PARAM_PREFIX + k.toUpperCase(Locale.ROOT), Values.format(v)));
        DataSpec data = request.spec().data();
        if (data != null) {
            env.put("LIANDAN_DATA", data.path().toString());
            env.put("LIANDAN_DATA_LABEL", data.label());
            env.put("LIANDAN_DATA_VALIDATION", Values.format(data.validation()));
            env.put("LIANDAN_DATA_TEST", Values.format(data.test()));
            env.put("LIANDAN_DATA_SPLIT_SEED", Long.toString(data.splitSeed()));
            env.put("LIANDAN_DATA_NORMALIZE", data.normalize().name().toLowerCase(Locale.ROOT));
        }
        return new Launch(List.copyOf(command), env);
    }

    /**
     * Applies this launch to a process builder's environment (a copy of this JVM's): stale
     * LIANDAN_PARAM_ variables of an enclosing run go, ours come in, and Python is told not to
     * buffer its output, or its metric lines would arrive only at exit and pruning would come too late.
     */
    void applyTo(Map<String, String> environment) {
        environment.keySet().removeIf(k -> k.startsWith(PARAM_PREFIX));
        environment.putAll(env);
        environment.putIfAbsent("PYTHONUNBUFFERED", "1");
    }

    private static String fill(String template, Map<String, String> builtins, Map<String, Object> params) {
        return Placeholders.fill(template, name -> {
            String b = builtins.get(name);
            if (b != null) {
                return b;
            }
            Object v = params.get(name);
            if (v == null) {
                // the parser lets through only parameters without a condition; a stored trial may predate the file
                throw new IllegalStateException("parameter '" + name + "' has no value in this trial");
            }
            return Values.format(v);
        });
    }
}
