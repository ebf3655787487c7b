package dev.liandan.space;

import dev.liandan.core.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.liandan.space.SpaceFiles.error;
import static dev.liandan.space.SpaceFiles.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trial: section (command trials) and what it changes elsewhere in a space file. */
class TrialSectionTest {
    @TempDir
    Path dir;

    /** Six lines, trial last: tests append keys of trial from line 7, or replace the command line (6). */
    private static final String BASE = """
            study: t
            params:
              lr: {float: [1.0e-4, 1.0e-1], log: true}
            objective: {metric: score, direction: maximize}
            trial:
              command: [python3, train.py, --lr, "{lr}"]
            """;
    private static final String LR = "  lr: {float: [1.0e-4, 1.0e-1], log: true}\n";

    private static String withCommandLine(String line) {
        return BASE.replace("  command: [python3, train.py, --lr, \"{lr}\"]", line);
    }

    @Test
    void aMinimalCommandTrialNeedsNoDataAndTakesDefaults() {
        StudySpec spec = parse(dir, BASE);
        TrialSpec t = spec.trial();
        assertEquals(List.of("python3", "train.py", "--lr", "{lr}"), t.command());
        assertEquals(dir.toAbsolutePath(), t.workdir(), "the space file's folder");
        assertNull(t.timeout());
        assertEquals(Duration.ofSeconds(10), t.grace());
        assertEquals(Map.of(), t.env());
        assertNull(spec.data());
        assertEquals(new Objective("score", Direction.MAXIMIZE), spec.objective());
        assertEquals(List.of("lr"), spec.space().params().stream().map(Param::name).toList(),
                "no dl4j setting defaults; 'lr' is a free parameter here");
        assertEquals(spec.trial(), spec.withSearch(spec.search()).trial());
    }

    @Test
    void everyKey() throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("tiny.csv"), SpaceFiles.TINY_CSV);
        StudySpec spec = parse(dir, BASE + """
                  workdir: scripts
                  timeout: 10m
                  grace: 2.5
                  env: {CUDA_LAUNCH_BLOCKING: 1, RUN: "run-{lr}-{liandan.trial}", "X_Y": 'a b'}
                data: {path: tiny.csv, label: label}
                """);
        TrialSpec t = spec.trial();
        assertEquals(dir.resolve("scripts").toAbsolutePath(), t.workdir());
        assertEquals(Duration.ofMinutes(10), t.timeout());
        assertEquals(Duration.ofMillis(2500), t.grace());
        assertEquals(List.of("CUDA_LAUNCH_BLOCKING", "RUN", "X_Y"), List.copyOf(t.env().keySet()));
        assertEquals("1", t.env().get("CUDA_LAUNCH_BLOCKING"));
        assertEquals("run-{lr}-{liandan.trial}", t.env().get("RUN"));
        assertEquals("tiny.csv", spec.data().path().getFileName().toString(), "data may still be given");
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(90), parse(dir, BASE + "  timeout: 90s\n").trial().timeout());
        assertEquals(Duration.ofHours(2), parse(dir, BASE + "  timeout: 2h\n").trial().timeout());
        assertEquals(Duration.ofSeconds(45), parse(dir, BASE + "  timeout: 0.75m\n").trial().timeout());
        assertEquals(Duration.ofMillis(1500), parse(dir, BASE + "  timeout: \"1.5\"\n").trial().timeout());
        assertEquals(Duration.ZERO, parse(dir, BASE + "  grace: 0\n").trial().grace());
    }

    @Test
    void placeholdersMustNameAParameter() {
        error(dir, withCommandLine("  command: [python3, train.py, --lr, \"{lrr}\"]"), 6, 39,
                "trial.command[3]: {lrr} names no parameter (did you mean 'lr'?); expected a parameter under"
                        + " params: or one of {liandan.study}, {liandan.trial}");
        error(dir, withCommandLine("  command: [python3, train.py, \"--lr={lr} --seed={seedd}\"]"), 6, 50,
                "{seedd} names no parameter");
    }

    @Test
    void placeholderSyntax() {
        error(dir, withCommandLine("  command: [python3, \"{lr\"]"), 6, 23, "trial.command[1]: '{' is not closed:"
                + " expected {name}, or {{ for a literal '{'");
        error(dir, withCommandLine("  command: [python3, \"a}b\"]"), 6, 24, "a lone '}': write }} for a literal '}'");
        error(dir, withCommandLine("  command: [python3, \"{}\"]"), 6, 23, "'{}' is not a placeholder");
        error(dir, withCommandLine("  command: [python3, '{\"a\": 1}']"), 6, 23, "is not a placeholder");
        // escaped braces are fine
        assertEquals("{{\"a\": {lr}}}", parse(dir, withCommandLine("  command: [python3, '{{\"a\": {lr}}}']"))
                .trial().command().get(1));
    }

    @Test
    void aConditionalParameterCannotBeAnArgument() {
        String yaml = withCommandLine("  command: [python3, train.py, \"{momentum}\"]")
                .replace(LR, LR + "  opt: {choice: [sgd, adam]}\n  momentum: {float: [0.8, 0.99], when: {opt: sgd}}\n");
        error(dir, yaml, 8, 33, "trial.command[2]: {momentum} has a value only when opt allows it (when): a program"
                + " argument cannot be left out; read it from LIANDAN_PARAMS or the environment");
    }

    @Test
    void theCommandIsAListNeverAShellLine() {
        error(dir, withCommandLine("  command: \"python3 train.py --lr {lr}\""), 6, 12,
                "trial.command: expected a list [program, argument, ...], got a single text: it is not split into"
                        + " words and no shell runs it");
        error(dir, withCommandLine("  command: []"), 6, 12, "trial.command: expected at least the program, got an empty list");
        error(dir, withCommandLine("  command: [\"\", x]"), 6, 13, "trial.command[0]: expected the program");
        error(dir, withCommandLine("  command: [python3, [a, b]]"), 6, 22, "trial.command[1]: expected a single value, got a list");
        error(dir, withCommandLine("  command: [python3, ~]"), 6, 22, "trial.command[1]: expected a single value, got nothing");
        error(dir, "study: t\ntrial:\n  timeout: 5\nobjective: {metric: score, direction: maximize}\n", 2, 1,
                "trial: missing required key 'command'");
        error(dir, "study: t\ntrial: [python3, x]\nobjective: {metric: score, direction: maximize}\n", 2, 8,
                "trial: expected a mapping");
        error(dir, "study: t\ntrial:\nobjective: {metric: score, direction: maximize}\n", 2, 7,
                "trial: expected a mapping");
    }

    @Test
    void unknownKeys() {
        error(dir, BASE + "  timout: 5\n", 7, 3, "unknown key 'timout' in trial: expected one of command, workdir,"
                + " timeout, grace, env (did you mean 'timeout'?)");
    }

    @Test
    void badDurations() {
        error(dir, BASE + "  timeout: ten\n", 7, 12, "trial.timeout: expected seconds (e.g. 600) or a duration such"
                + " as 90s, 10m, 2h, got 'ten'");
        error(dir, BASE + "  timeout: 0\n", 7, 12, "trial.timeout: expected a duration > 0 and at most 2592000 s, got '0'");
        error(dir, BASE + "  timeout: -5\n", 7, 12, "trial.timeout: expected a duration > 0");
        error(dir, BASE + "  timeout: 31d\n", 7, 12, "expected seconds");
        error(dir, BASE + "  timeout: 1000h\n", 7, 12, "at most 2592000 s");
        error(dir, BASE + "  grace: 2h\n", 7, 10, "trial.grace: expected a duration >= 0 and at most 3600 s");
    }

    @Test
    void envMistakes() {
        error(dir, BASE + "  env: {LIANDAN_SEED: 1}\n", 7, 9, "trial.env: LIANDAN_SEED is reserved");
        error(dir, BASE + "  env: {\"A-B\": 1}\n", 7, 9, "trial.env: 'A-B' is not a valid environment variable name");
        error(dir, BASE + "  env: {A: \"{nope}\"}\n", 7, 13, "trial.env.A: {nope} names no parameter");
        error(dir, BASE + "  env: {A: [1]}\n", 7, 12, "trial.env.A: expected a single value");
        error(dir, BASE + "  env: [A]\n", 7, 8, "trial.env: expected a mapping");
    }

    @Test
    void workdirMustExist() {
        error(dir, BASE + "  workdir: nowhere\n", 7, 12, "trial.workdir: folder not found: " + dir.toAbsolutePath().resolve("nowhere"));
    }

    @Test
    void dl4jSectionsAreRefused() {
        error(dir, BASE + "model:\n  units: 3\n", 7, 1, "model: settings of the dl4j backend do not apply to a"
                + " command trial (trial:): put the program's parameters under params:");
        error(dir, BASE + "training: {epochs: 3}\n", 7, 1, "training: settings of the dl4j backend");
    }

    @Test
    void theObjectiveMayBeAnyMetricWithADirection() {
        String noDirection = BASE.replace("objective: {metric: score, direction: maximize}", "objective: {metric: score}");
        error(dir, noDirection, 4, 21, "objective: metric 'score' needs a direction: add direction: maximize or"
                + " direction: minimize");
        StudySpec spec = parse(dir, BASE.replace("objective: {metric: score, direction: maximize}", "objective: {metric: val/loss-x.y, direction: minimize}"));
        assertEquals(new Objective("val/loss-x.y", Direction.MINIMIZE), spec.objective());
        assertEquals(Direction.MINIMIZE, parse(dir, BASE.replace("objective: {metric: score, direction: maximize}",
                "objective: {metric: val_loss}")).objective().direction(), "the known names keep their default");
        error(dir, BASE.replace("metric: score", "metric: epoch"), 4, 21, "objective.metric: 'epoch' is not a metric name");
        error(dir, BASE.replace("metric: score", "metric: \"2x\""), 4, 21, "objective.metric: '2x' is not a metric name");
    }

    @Test
    void withoutTrialTheDl4jRulesStand() {
        error(dir, "study: t\nobjective: {metric: val_accuracy}\n", 1, 1, "the space file: missing required key 'data'");
        error(dir, SpaceFiles.BASE.replace("metric: val_accuracy", "metric: score") + "", 6, 11,
                "objective.metric: expected one of val_accuracy, val_loss, val_rmse, val_mae, val_r2, params, train_s, latency_ms, got 'score'");
        error(dir, SpaceFiles.BASE + "params:\n  lr: 0.1\n", 8, 3, "params: 'lr' is a training setting");
    }

    @Test
    void paramsThatWouldShareAnEnvironmentVariable() {
        error(dir, BASE.replace(LR, LR + "  LR: 0.1\n"), 4, 3, "params 'lr' and 'LR' would share the environment"
                + " variable LIANDAN_PARAM_LR of a command trial: rename one");
    }
}
