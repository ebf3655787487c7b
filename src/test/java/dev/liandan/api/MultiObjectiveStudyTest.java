package dev.liandan.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.cli.Main;
import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.sampler.Hypervolume;
import dev.liandan.study.StopReason;
import dev.liandan.study.StudyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Studies of several objectives through the Java API: ZDT1 (Zitzler, Deb and Thiele 2000) with five
 * variables, two objectives to minimise, on real SQLite files and the real samplers; the study as the
 * CLI reads it; the vectors an objective may get wrong.
 */
class MultiObjectiveStudyTest {
    @TempDir
    Path dir;

    /** ZDT1 on [0, 1]^5: f1 = x0, f2 = g (1 - sqrt(f1 / g)), g = 1 + 9 mean(x1..x4); the front is g = 1. */
    static double[] zdt1(Trial t) {
        double[] x = new double[5];
        for (int i = 0; i < x.length; i++) {
            x[i] = t.suggestFloat("x" + i, 0, 1);
        }
        double g = 1;
        for (int i = 1; i < x.length; i++) {
            g += 9 * x[i] / (x.length - 1);
        }
        return new double[]{x[0], g * (1 - Math.sqrt(x[0] / g))};
    }

    private Study.Builder zdt(String name, String storage) {
        return Study.create(name).storage(storage).minimize("f1").minimize("f2");
    }

    /** The hypervolume of a study's best trials up to (1.1, 11): every ZDT1 point of [0, 1]^5 lies below it. */
    private static double hypervolume(Study s) {
        List<double[]> points = new ArrayList<>();
        for (FrozenTrial t : s.bestTrials()) {
            points.add(new double[]{t.values().get(0), t.values().get(1)});
        }
        return Hypervolume.of(points, new double[]{1.1, 11});
    }

    private double hypervolume(String sampler, long seed, int trials) {
        try (Study s = zdt("hv", "memory:").sampler(sampler).seed(seed).open()) {
            s.optimizeMulti(MultiObjectiveStudyTest::zdt1, trials);
            return hypervolume(s);
        }
    }

    private List<FrozenTrial> runZdt(String file) {
        try (Study s = zdt("zdt1", dir.resolve(file).toString()).seed(3).open()) {
            StudyResult r = s.optimizeMulti(MultiObjectiveStudyTest::zdt1, 60);
            assertEquals(60, r.finished());
            assertEquals(StopReason.BUDGET, r.stopReason());
            return s.trials();
        }
    }

    @Test
    void zdt1IsReproducibleAndItsBestTrialsAreTheLeaderboardsParetoRows() throws Exception {
        List<FrozenTrial> first = runZdt("a/zdt1/study.db");
        List<FrozenTrial> second = runZdt("b/zdt1/study.db");
        assertEquals(first.stream().map(FrozenTrial::params).toList(), second.stream().map(FrozenTrial::params).toList(),
                "same seed, same sequential run: same trials");
        assertEquals(first.stream().map(FrozenTrial::values).toList(), second.stream().map(FrozenTrial::values).toList());
        for (FrozenTrial t : first) {
            assertEquals(TrialState.COMPLETE, t.state());
            assertEquals(t.value(), t.values().get(0));
            assertEquals(t.metrics().get("f2"), t.values().get(1), "the second objective is stored as a metric");
        }

        Path db = dir.resolve("a/zdt1/study.db");
        List<FrozenTrial> best;
        try (Study s = Study.load("zdt1", db.toString())) {
            assertEquals(List.of("f1", "f2"), s.metrics(), "load restores the objectives");
            assertEquals(List.of(Direction.MINIMIZE, Direction.MINIMIZE), s.directions());
            assertTrue(s.multiObjective());
            best = s.bestTrials();
            IllegalStateException one = assertThrows(IllegalStateException.class, s::bestTrial);
            assertTrue(one.getMessage().contains("has 2 objectives (f1, f2): its best trials are a Pareto front,"
                    + " bestTrials()"), one.getMessage());
        }
        assertFalse(best.isEmpty());
        // non-dominated among every trial, and every trial not in the set is dominated by one in it
        for (FrozenTrial t : first) {
            boolean dominated = first.stream().anyMatch(o -> dominates(o, t));
            assertEquals(!dominated, best.stream().anyMatch(b -> b.number() == t.number()), "trial " + t.number());
        }
        for (int i = 1; i < best.size(); i++) {
            assertTrue(best.get(i - 1).values().get(0) <= best.get(i).values().get(0), "ordered by the first objective");
        }

        String results = dir.resolve("a").toString();
        String json = cli("leaderboard", "--study", "zdt1", "--results", results, "--format", "json");
        List<Integer> paretoRows = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(json).get("trials")) {
            if (row.get("pareto").asBoolean()) {
                paretoRows.add(row.get("number").asInt());
                assertEquals(row.get("values").get(1).asDouble(), row.get("metrics").get("f2").asDouble(), 0);
            }
        }
        assertEquals(paretoRows, best.stream().map(FrozenTrial::number).toList(),
                "bestTrials() is the leaderboard's pareto rows, in its order");
        assertTrue(cli("status", "--study", "zdt1", "--results", results).contains("60"));
    }

    private static boolean dominates(FrozenTrial a, FrozenTrial b) {
        List<Double> x = a.values();
        List<Double> y = b.values();
        return x.get(0) <= y.get(0) && x.get(1) <= y.get(1) && (x.get(0) < y.get(0) || x.get(1) < y.get(1));
    }

    @Test
    void theReportDrawsTheFrontOfAnApiStudy() throws Exception {
        Path results = dir.resolve("results");
        try (Study s = zdt("front", results.resolve("front/study.db").toString()).seed(1).open()) {
            s.optimizeMulti(MultiObjectiveStudyTest::zdt1, 30);
        }
        cli("report", "--study", "front", "--results", results.toString());
        String html = Files.readString(results.resolve("front/report.html"));
        assertTrue(html.contains("<section id=\"pareto\">"), "the report has a Pareto section");
        assertTrue(html.contains("id=\"hypervolume-value\""), "and the hypervolume over trials");
    }

    @Test
    void theSearchersBeatRandomSearchOnZdt1() {
        // MOTPE at 60 trials; auto (NSGA-II, population 20) draws its first 20 proposals at random and needs
        // generations to pull ahead, so it is compared at 200 (one seed: a check that the search works, not a
        // measurement; liandan bench moo measures the samplers)
        double random60 = hypervolume("random", 1, 60);
        double tpe60 = hypervolume("tpe", 1, 60);
        assertTrue(tpe60 > random60, "MOTPE " + tpe60 + " vs random " + random60);
        double random200 = hypervolume("random", 1, 200);
        double auto200 = hypervolume("auto", 1, 200);
        assertTrue(auto200 > random200, "NSGA-II " + auto200 + " vs random " + random200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "nsga2", "tpe", "random"})
    void everySamplerOfSeveralObjectivesRunsThroughTheApi(String sampler) {
        try (Study s = zdt("each", "memory:").sampler(sampler).seed(2).open()) {
            StudyResult r = s.optimizeMulti(MultiObjectiveStudyTest::zdt1, 24);
            assertEquals(24, r.finished());
            assertTrue(s.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE));
            assertFalse(s.bestTrials().isEmpty());
        }
    }

    @Test
    void whatWouldOptimiseOneObjectiveAloneIsRefused() {
        UserError gp = assertThrows(UserError.class, () -> zdt("gp", "memory:").sampler("gp").open());
        assertEquals("sampler gp models one objective: with 2 objectives use auto, nsga2, tpe, random, grid or sobol",
                gp.getMessage());
        UserError median = assertThrows(UserError.class, () -> zdt("median", "memory:").pruner("median").open());
        assertEquals("pruner median compares one objective's epochs; a study of 2 objectives runs with pareto_asha"
                + " or without a pruner", median.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> Study.create("both").direction(Direction.MAXIMIZE).minimize("params").open());
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Study.create("twice").minimize("a").maximize("a"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Study.create("c").minimize("a").minimize("params").constraints("params about 9"));
        assertTrue(bad.getMessage().startsWith("constraints: 'params about 9' is not a constraint"), bad.getMessage());
    }

    @Test
    void badVectorsFailTheirTrialAndAOneValueObjectiveIsRefused() {
        try (Study s = zdt("bad", "memory:").sampler("random").open()) {
            int[] call = {0};
            s.optimizeMulti(t -> {
                double x = t.suggestFloat("x", 0, 1);
                return switch (call[0]++) {
                    case 0 -> new double[]{x};
                    case 1 -> new double[]{x, Double.NaN};
                    case 2 -> null;
                    case 3 -> new double[]{x, 1, 2};
                    default -> new double[]{x, 1 - x};
                };
            }, 5);
            List<FrozenTrial> trials = s.trials();
            assertEquals("the objective returned 1 value for 2 objectives (f1, f2)", trials.get(0).failReason());
            assertEquals("the objective returned NaN for f2", trials.get(1).failReason());
            assertEquals("the objective returned null for 2 objectives (f1, f2)", trials.get(2).failReason());
            assertEquals("the objective returned 3 values for 2 objectives (f1, f2)", trials.get(3).failReason());
            for (int i = 0; i < 4; i++) {
                assertEquals(TrialState.FAILED, trials.get(i).state());
                assertNull(trials.get(i).value());
            }
            assertEquals(TrialState.COMPLETE, trials.get(4).state());
            assertEquals(List.of(4), s.bestTrials().stream().map(FrozenTrial::number).toList());

            IllegalStateException single = assertThrows(IllegalStateException.class,
                    () -> s.optimize(t -> t.suggestFloat("x", 0, 1), 6));
            assertEquals("study 'bad' has 2 objectives (f1, f2): give optimizeMulti an objective that returns 2 values",
                    single.getMessage());
            assertEquals(5, s.trials().size(), "no trial ran");

            Trial asked = s.ask();
            s.tell(asked, 0.5);
            assertEquals("the objective returned 1 value for 2 objectives (f1, f2)", s.trials().get(5).failReason());
            Trial nan = s.ask();
            s.tell(nan, 0.5, Double.POSITIVE_INFINITY);
            assertEquals("the objective returned Infinity for f2", s.trials().get(6).failReason());
            Trial good = s.ask();
            s.tell(good, 0.25, 0.25);
            FrozenTrial told = s.trials().get(7);
            assertEquals(TrialState.COMPLETE, told.state());
            assertEquals(List.of(0.25, 0.25), told.values());
        }
        try (Study one = Study.create("one").open()) {
            // a study of one objective takes a vector of one value, and refuses another length the same way
            one.optimizeMulti(t -> new double[]{t.suggestFloat("x", 0, 1)}, 1);
            one.optimizeMulti(t -> new double[]{1, 2}, 2);
            assertEquals(TrialState.COMPLETE, one.trials().get(0).state());
            assertEquals("the objective returned 2 values for 1 objective (value)", one.trials().get(1).failReason());
            assertEquals(1, one.bestTrials().size());
        }
    }

    @Test
    void loadAndReopenKeepTheObjectivesAndConstraints() {
        String db = dir.resolve("c/study.db").toString();
        try (Study s = Study.create("sized").storage(db).maximize("accuracy").minimize("params")
                .constraints("params <= 500").sampler("nsga2", Map.of("population", 4)).seed(4).open()) {
            s.optimizeMulti(t -> {
                int units = t.suggestInt("units", 1, 100);
                return new double[]{1 - 1.0 / units, units * 10};
            }, 12);
            for (FrozenTrial t : s.bestTrials()) {
                assertTrue(t.values().get(1) <= 500, "only feasible trials are best: " + t);
            }
            assertFalse(s.bestTrials().isEmpty());
        }
        try (Study s = Study.load("sized", db)) {
            assertEquals(List.of("accuracy", "params"), s.metrics());
            assertEquals(List.of(Direction.MAXIMIZE, Direction.MINIMIZE), s.directions());
            assertEquals(List.of("params <= 500.0"), s.constraints(), "as a space file's constraint reads back");
            s.optimizeMulti(t -> new double[]{0.5, t.suggestInt("units", 1, 100) * 10}, 14);
            assertEquals(14, s.trials().size());
        }
        try (Study same = Study.create("sized").storage(db).maximize("accuracy").minimize("params")
                .constraints("params <= 500").open()) {
            assertEquals(14, same.trials().size(), "the same objectives and constraints reopen it");
        }
        UserError other = assertThrows(UserError.class,
                () -> Study.create("sized").storage(db).maximize("accuracy").open());
        assertTrue(other.getMessage().contains("to maximize accuracy, minimize params, not to maximize accuracy"),
                other.getMessage());
        UserError order = assertThrows(UserError.class,
                () -> Study.create("sized").storage(db).minimize("params").maximize("accuracy")
                        .constraints("params <= 500").open());
        assertTrue(order.getMessage().contains("not to minimize params, maximize accuracy"), order.getMessage());
        UserError constraints = assertThrows(UserError.class,
                () -> Study.create("sized").storage(db).maximize("accuracy").minimize("params").open());
        assertTrue(constraints.getMessage().contains("with constraints [params <= 500.0], not []"),
                constraints.getMessage());
    }

    @Test
    void paretoAshaPrunesOnReportsAndPrunedTrialsKeepTheirSetMetrics() {
        try (Study s = Study.create("pruned").maximize("accuracy").minimize("params").sampler("random").seed(3)
                .pruner("pareto_asha", Map.of("min_resource", 1, "reduction_factor", 3)).open()) {
            s.optimizeMulti(t -> {
                double quality = t.suggestFloat("quality", 0, 1);
                int params = 1000; // every trial costs the same: the pruner decides on accuracy alone
                t.setMetric("params", params);
                double accuracy = 0;
                for (int epoch = 1; epoch <= 9; epoch++) {
                    accuracy = quality * epoch / 9;
                    t.report(epoch, accuracy);
                    if (t.shouldPrune()) {
                        throw new TrialPruned();
                    }
                }
                return new double[]{accuracy, params};
            }, 20);
            List<FrozenTrial> pruned = s.trials().stream().filter(t -> t.state() == TrialState.PRUNED).toList();
            assertFalse(pruned.isEmpty(), "pareto_asha pruned some trials: " + s.trials());
            for (FrozenTrial p : pruned) {
                assertEquals(1000.0, p.metrics().get("params"));
                assertEquals(List.of(p.value(), 1000.0), p.values());
            }
            assertThrows(IllegalArgumentException.class, () -> s.optimizeMulti(t -> {
                t.setMetric("accuracy", 1);
                return null;
            }, 21, false), "the first objective is the trial's value, not a metric");
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, String.join(" ", args) + ": " + out + err);
        return out.toString();
    }
}
