package dev.liandan.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.core.TrialState;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.study.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.liandan.command.CommandFixtures.run;
import static dev.liandan.command.CommandFixtures.spec;
import static dev.liandan.command.CommandFixtures.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real child processes (python3 running src/test/resources/command/trial.py) through the command backend. */
@Timeout(120)
class CommandBackendTest {
    private static final String X = "  x: {float: [0.0, 1.0]}\n";

    @TempDir
    Path tmp;

    private Path art() {
        return tmp.resolve("trials/7");
    }

    @Test
    void threeEpochsAndAFinalLineComplete() throws Exception {
        StudySpec spec = spec(tmp, X, trial("ok", ""));
        CommandFixtures.Recorder listener = new CommandFixtures.Recorder();
        TrialOutcome out = run(spec, Map.of("x", 0.5), art(), listener);

        assertEquals(TrialState.COMPLETE, out.state(), out.failReason());
        assertEquals(5.0, out.value());
        assertEquals(3, out.epochs());
        assertEquals(Map.of("score", 5.0, "other", 0.3), out.metrics(), "last epoch overlaid by the final line");
        assertEquals(List.of(1, 2, 3), listener.epochs);
        assertEquals(List.of(0.5, 1.0, 1.5), listener.metrics.stream().map(m -> m.get("score")).toList());
        assertEquals(0.2, listener.metrics.get(1).get("other"));

        String log = Files.readString(art().resolve("output.log"));
        assertTrue(log.contains("starting, x = 0.5"), log);
        assertTrue(log.contains("some ordinary output: loss looks fine"), "stderr is kept too: " + log);
        assertTrue(log.contains("liandan: final score=5.0"), log);
        assertEquals(0.5, new ObjectMapper().readTree(art().resolve("params.json").toFile()).get("x").asDouble());
    }

    @Test
    void withoutAFinalLineTheLastEpochCounts() throws Exception {
        TrialOutcome out = run(spec(tmp, X, trial("epochs-only", "")), Map.of("x", 0.1), art(), null);
        assertEquals(TrialState.COMPLETE, out.state(), out.failReason());
        assertEquals(0.75, out.value());
        assertEquals(3, out.epochs());
    }

    @Test
    void jsonLinesReportToo() throws Exception {
        CommandFixtures.Recorder listener = new CommandFixtures.Recorder();
        TrialOutcome out = run(spec(tmp, X, trial("json", "")), Map.of("x", 0.1), art(), listener);
        assertEquals(TrialState.COMPLETE, out.state(), out.failReason());
        assertEquals(0.8, out.value());
        assertEquals(Map.of("score", 0.8, "test_score", 0.7), out.metrics(), "an infinite grad_norm is left out");
        assertEquals(List.of(1, 2), listener.epochs);
        assertEquals(Map.of("score", 0.5), listener.metrics.get(0));
    }

    @Test
    void nonZeroExitFailsWithTheLastLines() throws Exception {
        TrialOutcome out = run(spec(tmp, X, trial("fail", "")), Map.of("x", 0.1), art(), null);
        assertEquals(TrialState.FAILED, out.state());
        String reason = out.failReason();
        assertTrue(reason.startsWith("exited with code 3; last output: working on batch 7 | working on batch 8"
                + " | working on batch 9 | Traceback (most recent call last): | ZeroDivisionError: division by zero"),
                reason);
        assertFalse(reason.contains("batch 6"), "only the last 5 lines: " + reason);
        assertTrue(reason.endsWith("…"), "a long line is cut: " + reason);
        assertTrue(reason.length() < 1000, reason);
        assertFalse(reason.contains("\n"), "one line, for tables: " + reason);
        assertEquals(1, out.epochs());
        assertNull(out.value());
    }

    @Test
    void hangingPastItsTimeOutFailsAndItsProcessTreeIsGone() throws Exception {
        TrialOutcome out = run(spec(tmp, X, trial("hang", "  timeout: 5\n  grace: 2s\n")), Map.of("x", 0.1), art(), null);
        assertEquals(TrialState.FAILED, out.state());
        assertTrue(out.failReason().startsWith("timed out after 5 s (trial.timeout); last output: "), out.failReason());
        assertTrue(out.failReason().contains("now waiting forever"), out.failReason());
        assertEquals(1, out.epochs());
        assertGone("self.pid");
        assertGone("child.pid");
    }

    @Test
    void aProgramThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        TrialOutcome out = run(spec(tmp, X, trial("stubborn", "  timeout: 4.5\n  grace: 0.5\n")),
                Map.of("x", 0.1), art(), null);
        assertEquals(TrialState.FAILED, out.state());
        assertTrue(out.failReason().startsWith("timed out after 4.5 s"), out.failReason());
        assertGone("self.pid");
        assertGone("child.pid");
    }

    @Test
    void aListenerThatSaysStopPrunesAndStopsTheTree() throws Exception {
        CommandFixtures.Recorder listener = new CommandFixtures.Recorder(2);
        TrialOutcome out = run(spec(tmp, X, trial("slow", "")), Map.of("x", 0.1), art(), listener);
        assertEquals(TrialState.PRUNED, out.state(), out.failReason());
        assertEquals(2.0, out.value());
        assertEquals(2, out.epochs());
        assertEquals(Map.of("score", 2.0), out.metrics());
        assertEquals(List.of(1, 2), listener.epochs, "no epoch after the stop");
        assertGone("self.pid");
        assertGone("child.pid");
    }

    @Test
    void garbageIsIgnored() throws Exception {
        CommandFixtures.Recorder listener = new CommandFixtures.Recorder();
        TrialOutcome out = run(spec(tmp, X, trial("garbage", "")), Map.of("x", 0.1), art(), listener);
        assertEquals(TrialState.COMPLETE, out.state(), out.failReason());
        assertEquals(0.5, out.value());
        assertEquals(List.of(1), listener.epochs, "the metric line after a progress bar's \\r counts");
        assertEquals(0.25, listener.metrics.get(0).get("score"));
        assertTrue(Files.size(art().resolve("output.log")) > 200_000, "the log keeps every byte");
    }

    @Test
    void garbageWithoutAMetricFailsAndSaysWhatWasIgnored() throws Exception {
        TrialOutcome out = run(spec(tmp, X, trial("garbage-only", "")), Map.of("x", 0.1), art(), null);
        assertEquals(TrialState.FAILED, out.state());
        String reason = out.failReason();
        assertTrue(reason.startsWith("exited with code 0 without reporting score: expected a line"
                + " 'liandan: final score=<number>' or 'liandan: epoch=<n> score=<number>'; ignored"
                + " 'liandan: epoch=abc score=1': epoch=abc is not an integer >= 1; last output: "), reason);
        assertTrue(reason.endsWith("no metrics here"), reason);
    }

    @Test
    void aNanObjectiveFailsAtOnce() throws Exception {
        TrialOutcome out = run(spec(tmp, X, trial("nan", "")), Map.of("x", 0.1), art(), null);
        assertEquals(TrialState.FAILED, out.state());
        assertTrue(out.failReason().startsWith("score was NaN at epoch 2"), out.failReason());
        assertEquals(2, out.epochs());
    }

    @Test
    void aNanInTheFinalLineFails() throws Exception {
        TrialOutcome out = run(spec(tmp, X, trial("final-nan", "")), Map.of("x", 0.1), art(), null);
        assertEquals(TrialState.FAILED, out.state());
        assertEquals("score was NaN in the final line", out.failReason());
    }

    @Test
    void staleParamVariablesOfAnEnclosingRunAreDropped() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("LIANDAN_PARAM_OLD", "1", "PATH", "/bin",
                "PYTHONUNBUFFERED", "0"));
        new Launch(List.of("p"), Map.of("LIANDAN_PARAM_X", "2", "LIANDAN_TRIAL", "3")).applyTo(env);
        assertEquals(Map.of("LIANDAN_PARAM_X", "2", "LIANDAN_TRIAL", "3", "PATH", "/bin", "PYTHONUNBUFFERED", "0"), env,
                "a PYTHONUNBUFFERED the user set is kept");
    }

    @Test
    void shellMetacharactersReachTheProgramAsOneLiteralArgument() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("fakehome"));
        Files.writeString(home.resolve("marker"), "still here");
        Path pwned = tmp.resolve("pwned");
        Path pwned2 = tmp.resolve("pwned2");
        String params = "  a: \"1; rm -rf ~\"\n"
                + "  b: \"$(touch " + pwned + ")\"\n"
                + "  c: \"`touch " + pwned2 + "` && echo hi | cat > /dev/null\"\n";
        String trialSection = "  command: [python3, trial.py, args, \"{a}\", \"--b={b}\", \"{c}\", \"{{a}}\","
                + " \"*\", \"~\", \"$HOME\"]\n"
                + "  env: {HOME: \"" + home + "\", MY_VAR: \"{a}\"}\n";
        StudySpec spec = spec(tmp, params, trialSection);
        TrialOutcome out = run(spec, Map.of(), art(), null);
        assertEquals(TrialState.COMPLETE, out.state(), out.failReason());

        JsonNode seen = new ObjectMapper().readTree(art().resolve("seen.json").toFile());
        List<String> argv = new ArrayList<>();
        seen.get("argv").forEach(a -> argv.add(a.asText()));
        assertEquals(List.of("args", "1; rm -rf ~", "--b=$(touch " + pwned + ")",
                "`touch " + pwned2 + "` && echo hi | cat > /dev/null", "{a}", "*", "~", "$HOME"), argv);
        assertEquals("1; rm -rf ~", seen.get("env").get("MY_VAR").asText());
        assertFalse(Files.exists(pwned), "nothing was executed");
        assertFalse(Files.exists(pwned2), "nothing was executed");
        assertEquals("still here", Files.readString(home.resolve("marker")));
    }

    @Test
    void paramsArriveAsEnvironmentAndAsAJsonFile() throws Exception {
        Files.writeString(tmp.resolve("tiny.csv"), "f0,label\n1,0\n2,1\n");
        String params = "  x: {float: [0.0, 1.0]}\n"
                + "  batch_size: {choice: [32, 64]}\n"
                + "  act: {choice: [relu, tanh]}\n"
                + "  lr: \"= x / 10\"\n";
        String trialSection = "  command: [python3, trial.py, args, \"{liandan.trial}\", \"{liandan.seed}\","
                + " \"{liandan.artifact_dir}\", \"{liandan.params_file}\", \"{batch_size}\", \"{x}\"]\n"
                + "  env: {MY_VAR: \"bs-{batch_size}-{act}\"}\n";
        program(tmp);
        String yaml = "study: cmd\ndata: {path: tiny.csv, label: label}\nparams:\n" + params + "trial:\n" + trialSection
                + "objective: {metric: score, direction: maximize}\n";
        Files.writeString(tmp.resolve("space.yaml"), yaml);
        StudySpec spec = dev.liandan.space.SpaceFileParser.parse(tmp.resolve("space.yaml"));
        TrialOutcome out = run(spec, Map.of("x", 0.25, "batch_size", 64L, "act", "tanh"), art(), null);
        assertEquals(TrialState.COMPLETE, out.state(), out.failReason());

        JsonNode seen = new ObjectMapper().readTree(art().resolve("seen.json").toFile());
        Path artAbs = art().toAbsolutePath();
        List<String> argv = new ArrayList<>();
        seen.get("argv").forEach(a -> argv.add(a.asText()));
        assertEquals(List.of("args", "7", "1234", artAbs.toString(), artAbs.resolve("params.json").toString(), "64", "0.25"),
                argv);
        JsonNode env = seen.get("env");
        assertEquals("0.25", env.get("LIANDAN_PARAM_X").asText());
        assertEquals("64", env.get("LIANDAN_PARAM_BATCH_SIZE").asText());
        assertEquals("tanh", env.get("LIANDAN_PARAM_ACT").asText());
        assertEquals("0.025", env.get("LIANDAN_PARAM_LR").asText());
        assertEquals("7", env.get("LIANDAN_TRIAL").asText());
        assertEquals("1234", env.get("LIANDAN_SEED").asText());
        assertEquals("cmd", env.get("LIANDAN_STUDY").asText());
        assertEquals(artAbs.toString(), env.get("LIANDAN_ARTIFACT_DIR").asText());
        assertEquals(artAbs.resolve("params.json").toString(), env.get("LIANDAN_PARAMS").asText());
        assertEquals(tmp.resolve("tiny.csv").toAbsolutePath().toString(), env.get("LIANDAN_DATA").asText());
        assertEquals("label", env.get("LIANDAN_DATA_LABEL").asText());
        assertEquals("bs-64-tanh", env.get("MY_VAR").asText());
        assertEquals("1", env.get("PYTHONUNBUFFERED").asText());
        assertEquals(tmp.toRealPath().toString(), Path.of(seen.get("cwd").asText()).toRealPath().toString(),
                "the working directory is the space file's folder");

        JsonNode p = seen.get("params");
        assertTrue(p.get("batch_size").isIntegralNumber(), "an int stays an int in JSON: " + p);
        assertEquals(64, p.get("batch_size").asInt());
        assertEquals(0.25, p.get("x").asDouble());
        assertEquals(0.025, p.get("lr").asDouble(), 1e-12);
        assertEquals("tanh", p.get("act").asText());
    }

    @Test
    void aProgramThatCannotStartIsAUserError() {
        StudySpec spec = spec(tmp, X, "  command: [no-such-program-liandan, x]\n");
        UserError e = assertThrows(UserError.class, () -> run(spec, Map.of("x", 0.1), art(), null));
        assertTrue(e.getMessage().contains("trial.command: cannot start 'no-such-program-liandan'"), e.getMessage());
        assertTrue(e.getMessage().startsWith(tmp.resolve("space.yaml") + ":"), e.getMessage());
    }

    @Test
    void aRelativeProgramPathStartsAtTheWorkdir() throws Exception {
        Path sub = Files.createDirectories(tmp.resolve("bin"));
        Path script = sub.resolve("report.sh");
        Files.writeString(script, "#!/bin/sh\necho \"liandan: final score=$1\"\n");
        assertTrue(script.toFile().setExecutable(true));
        StudySpec spec = spec(tmp, X, "  command: [./report.sh, \"{x}\"]\n  workdir: bin\n");
        TrialOutcome out = run(spec, Map.of("x", 0.125), art(), null);
        assertEquals(TrialState.COMPLETE, out.state(), out.failReason());
        assertEquals(0.125, out.value());
    }

    /** The process whose pid the program wrote to {@code file} has ended (a zombie has ended too). */
    private void assertGone(String file) throws Exception {
        long pid = Long.parseLong(Files.readString(art().resolve(file)).strip());
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        assertFalse(h.isPresent() && ProcessTree.running(h.get()), file + ": process " + pid + " is still running");
    }

    private static void program(Path dir) {
        CommandFixtures.program(dir);
    }
}
