package dev.liandan.api;

import dev.liandan.cli.Main;
import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.study.StopReason;
import dev.liandan.study.StudyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyApiTest {
    @TempDir
    Path dir;

    /** A define-by-run objective with a conditional parameter: momentum exists only for sgd. */
    static double objective(Trial trial) {
        double lr = trial.suggestFloat("lr", 1e-5, 1e-1, true);
        int units = trial.suggestInt("units", 8, 256, true);
        String opt = trial.suggestCategorical("opt", List.of("adam", "sgd"));
        double penalty = 0;
        if (opt.equals("sgd")) {
            double momentum = trial.suggestFloat("momentum", 0.8, 0.99);
            penalty = Math.abs(momentum - 0.9);
        }
        return Math.pow(Math.log10(lr) + 3, 2) + Math.abs(Math.log(units / 64.0)) + penalty;
    }

    private List<Map<String, Object>> run(String sampler, long seed, int trials) {
        try (Study study = Study.create("conditional").storage(dir.resolve(sampler + seed + "-" + System.nanoTime() + ".db").toString())
                .sampler(sampler).seed(seed).open()) {
            StudyResult result = study.optimize(StudyApiTest::objective, trials);
            assertEquals(trials, result.finished());
            assertEquals(StopReason.BUDGET, result.stopReason());
            return study.trials().stream().map(FrozenTrial::params).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpe", "gp", "cmaes", "random"})
    void conditionalParametersUnderEverySamplerAreSeededAndReproducible(String sampler) {
        int trials = 14; // past every sampler's start-up phase (GP and TPE start modelling at 10)
        List<Map<String, Object>> first = run(sampler, 7, trials);
        assertEquals(first, run(sampler, 7, trials), "same seed, same sequential run: same trials");
        assertNotEquals(first, run(sampler, 8, trials), "another seed, other trials");
        for (Map<String, Object> p : first) {
            assertEquals("sgd".equals(p.get("opt")), p.containsKey("momentum"), "momentum only for sgd: " + p);
            assertTrue(p.get("units") instanceof Long && p.get("lr") instanceof Double, p.toString());
        }
        assertTrue(first.stream().anyMatch(p -> p.containsKey("momentum"))
                && first.stream().anyMatch(p -> !p.containsKey("momentum")), "both branches taken: " + first);
    }

    @Test
    void theSameRangeGivesTheSameValueAndAnotherRangeIsAClearError() {
        try (Study study = Study.create("ranges").open()) {
            StudyResult r = study.optimize(t -> {
                double a = t.suggestFloat("x", 0, 1);
                assertEquals(a, t.suggestFloat("x", 0, 1));
                return a;
            }, 2);
            assertEquals(2, r.finished());
            UserError e = assertThrows(UserError.class, () -> study.optimize(t -> {
                t.suggestFloat("x", 0, 1);
                return t.suggestFloat("x", 0, 2);
            }, 3));
            assertTrue(e.getMessage().contains("parameter 'x'") && e.getMessage().contains("float [0.0, 1.0]")
                    && e.getMessage().contains("float [0.0, 2.0]"), e.getMessage());
            UserError across = assertThrows(UserError.class, () -> study.optimize(t -> t.suggestInt("x", 0, 5), 4));
            assertTrue(across.getMessage().contains("study 'ranges'") && across.getMessage().contains("int [0, 5]"),
                    across.getMessage());
            List<FrozenTrial> trials = study.trials();
            assertEquals(TrialState.FAILED, trials.get(2).state(), "the trial that asked twice is recorded FAILED");
            assertTrue(trials.get(2).failReason().contains("parameter 'x'"), trials.get(2).failReason());
        }
    }

    @Test
    void reportedValuesFeedTheMedianPrunerAndPrunedTrialsKeepTheirBestValue() {
        try (Study study = Study.create("pruned").direction(Direction.MAXIMIZE).sampler("random").seed(3)
                .pruner("median", Map.of("n_startup_trials", 3, "n_warmup_steps", 1)).open()) {
            study.optimize(t -> {
                double quality = t.suggestFloat("quality", 0, 1);
                double value = 0;
                for (int epoch = 1; epoch <= 6; epoch++) {
                    value = quality * epoch;
                    t.report(epoch, value);
                    if (t.shouldPrune()) {
                        throw new TrialPruned();
                    }
                }
                return value;
            }, 16);
            List<FrozenTrial> trials = study.trials();
            List<FrozenTrial> pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).toList();
            assertFalse(pruned.isEmpty(), "some trials were pruned: " + trials);
            for (FrozenTrial p : pruned) {
                assertTrue(p.intermediates().size() < 6, p.toString());
                assertEquals(p.intermediates().get(p.intermediates().size() - 1), p.value(), 1e-12);
            }
            FrozenTrial best = study.bestTrial().orElseThrow();
            assertEquals(TrialState.COMPLETE, best.state());
            assertEquals(6, best.intermediates().size());
        }
    }

    @Test
    void askAndTellRunAnExternalLoop() {
        try (Study study = Study.create("ask").direction(Direction.MAXIMIZE).sampler("random").seed(1).open()) {
            Trial a = study.ask();
            double x = a.suggestFloat("x", -1, 1);
            a.setUserAttribute("note", "first");
            study.tell(a, x);
            Trial b = study.ask(Map.of("x", Distribution.floats(-1, 1, false, null),
                    "layers", Distribution.ints(1, 4, false, 1)));
            assertEquals(java.util.Set.of("x", "layers"), b.params().keySet());
            b.report(1, 0.5);
            study.tell(b, TrialState.PRUNED);
            Trial c = study.ask();
            study.tell(c, TrialState.FAILED);
            Trial d = study.ask();
            d.suggestCategorical("act", List.of("relu", "tanh"));
            study.tell(d, Double.NaN);
            assertThrows(IllegalStateException.class, () -> study.tell(a, 1.0), "told twice");

            List<FrozenTrial> trials = study.trials();
            assertEquals(List.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAILED, TrialState.FAILED),
                    trials.stream().map(FrozenTrial::state).toList());
            assertEquals(x, trials.get(0).value());
            assertEquals(Map.of("note", "first"), trials.get(0).userAttributes());
            assertEquals(0.5, trials.get(1).value());
            assertEquals(Map.of(), trials.get(2).params());
            assertTrue(trials.get(3).failReason().contains("NaN"), trials.get(3).failReason());
            assertEquals(0, study.bestTrial().orElseThrow().number());
        }
    }

    @Test
    void anExceptionFailsItsTrialAndTheStudyGoesOnUnlessAskedToCatchNothing() {
        try (Study study = Study.create("failing").sampler("random").open()) {
            StudyResult r = study.optimize(t -> {
                double x = t.suggestFloat("x", 0, 1);
                if (t.number() % 2 == 1) {
                    throw new IOException("disk on fire\nsecond line");
                }
                return x;
            }, 4);
            assertEquals(4, r.finished());
            FrozenTrial failed = study.trials().get(1);
            assertEquals(TrialState.FAILED, failed.state());
            assertEquals("IOException: disk on fire", failed.failReason());
            assertTrue(failed.params().containsKey("x"), "what it suggested is kept: " + failed);

            IllegalStateException thrown = new IllegalStateException("stop here");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> study.optimize(t -> {
                throw thrown;
            }, 10, false)));
            ObjectiveException checked = assertThrows(ObjectiveException.class, () -> study.optimize(t -> {
                throw new IOException("checked");
            }, 10, false));
            assertTrue(checked.getCause() instanceof IOException);
            List<FrozenTrial> trials = study.trials();
            assertEquals(6, trials.size(), "each rethrown failure is recorded first");
            assertEquals("IllegalStateException: stop here", trials.get(4).failReason());
        }
    }

    @Test
    void aLibraryStudyPrintsNothing() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            try (Study study = Study.create("quiet").storage(dir.resolve("quiet/study.db").toString()).sampler("tpe")
                    .pruner("median").open()) {
                study.optimize(t -> {
                    t.report(1, t.suggestFloat("x", 0, 1));
                    return t.suggestFloat("x", 0, 1);
                }, 12);
                Trial t = study.ask();
                study.tell(t, t.suggestFloat("x", 0, 1));
                study.leaderboard(5).rows();
                study.bestTrial().orElseThrow();
            }
            try (Study again = Study.load("quiet", dir.resolve("quiet/study.db").toString())) {
                again.optimize(t -> t.suggestFloat("x", 0, 1), 14);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aJavaStudyReadsInTheCliLikeASweptOne() throws IOException {
        Path db = dir.resolve("results/java-study/study.db");
        try (Study study = Study.create("java-study").storage(db.toString()).direction(Direction.MAXIMIZE)
                .metric("accuracy").sampler("tpe", Map.of("multivariate", true)).seed(5).open()) {
            study.optimize(t -> {
                double lr = t.suggestFloat("lr", 1e-4, 1e-1, true);
                String opt = t.suggestCategorical("opt", List.of("adam", "sgd"));
                t.report(1, 0.5);
                return opt.equals("adam") ? 1 - lr : 0.5 - lr;
            }, 6);
        }
        try (Study loaded = Study.load("java-study", db.toString())) {
            assertEquals(Direction.MAXIMIZE, loaded.direction());
            loaded.optimize(t -> t.suggestFloat("lr", 1e-4, 1e-1, true), 8);
            assertEquals(8, loaded.trials().size());
        }
        String results = dir.resolve("results").toString();
        String board = cli("leaderboard", "--study", "java-study", "--results", results);
        assertTrue(board.contains("accuracy") && board.contains("lr") && board.contains("opt"), board);
        String status = cli("status", "--study", "java-study", "--results", results);
        assertTrue(status.contains("8"), status);
        cli("report", "--study", "java-study", "--results", results);
        StringWriter workerErr = new StringWriter();
        assertEquals(2, Main.run(new String[]{"worker", "--study", "java-study", "--storage", db.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(workerErr, true)));
        assertTrue(workerErr.toString().contains("define-by-run study of the Java API"), workerErr.toString());
        String html = Files.readString(dir.resolve("results/java-study/report.html"));
        assertTrue(html.contains("java-study") && html.contains("lr"), "report written");
        assertThrows(UserError.class, () -> Study.create("java-study").storage(db.toString()).open(),
                "a minimising study of the same name is refused");
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, String.join(" ", args) + ": " + out + err);
        return out.toString();
    }

    @Test
    void anInMemoryStudyKeepsNoFiles() {
        try (Study study = Study.create("mem").open()) {
            assertTrue(study.bestTrial().isEmpty(), "no trial has completed");
            study.optimize(t -> {
                assertTrue(t.artifactDir().isEmpty());
                return t.suggestInt("k", 1, 3);
            }, 2);
            assertTrue(study.studyDir().isEmpty());
            assertNull(study.trials().get(0).failReason());
        }
    }
}
