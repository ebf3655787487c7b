package dev.liandan.bench;

import dev.liandan.core.Direction;
import dev.liandan.core.UserError;
import dev.liandan.space.Objective;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.study.ParetoRanking;
import dev.liandan.train.Dl4jBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrontBenchTest {
    @TempDir
    Path tmp;

    /** Digits, one epoch, MLPs of 1-2 layers of 4-64 units: accuracy against parameter count. */
    private StudySpec digits() {
        String text = "study: bench-front-digits\ndata:\n  path: " + Path.of("data/digits.csv.gz").toAbsolutePath()
                + "\n  label: label\n  validation: 0.2\n  split_seed: 3\n  normalize: standard\n"
                + "model:\n  hidden_layers: {int: [1, 2]}\n  units: {int: [4, 64], log: true}\n"
                + "training:\n  epochs: 1\n  batch_size: 32\n  lr: {float: [1.0e-3, 1.0e-2], log: true}\n"
                + "objective:\n  - {metric: val_accuracy, direction: maximize}\n  - {metric: params, direction: minimize}\n"
                + "search:\n  sampler: random\n  trials: 3\n";
        return SpaceFileParser.parse(text, tmp.resolve("space.yaml"));
    }

    @Test
    void aSamplerItemNamesItsOptions() {
        FrontBench.Method m = FrontBench.method("nsga2:population=8:eta_c=15.5");
        assertEquals("nsga2", m.sampler());
        assertEquals(Map.of("population", 8L, "eta_c", 15.5), m.options());
        assertEquals("nsga2:population=8:eta_c=15.5", m.label());
        assertEquals(Map.of("multivariate", true), FrontBench.method("tpe:multivariate=true").options());
        assertEquals(Map.of(), FrontBench.method("random").options());
        assertThrows(UserError.class, () -> FrontBench.method("nsga2:population"));
        assertThrows(UserError.class, () -> FrontBench.method("nsga2:=3"));
    }

    /** The area of the union of the boxes [p, reference] (both minimised), on the grid of their corners. */
    private static double unionArea(List<double[]> points, double[] ref) {
        TreeSet<Double> xs = new TreeSet<>(List.of(ref[0]));
        TreeSet<Double> ys = new TreeSet<>(List.of(ref[1]));
        points.forEach(p -> {
            xs.add(p[0]);
            ys.add(p[1]);
        });
        List<Double> x = new ArrayList<>(xs);
        List<Double> y = new ArrayList<>(ys);
        double area = 0;
        for (int i = 0; i + 1 < x.size(); i++) {
            for (int j = 0; j + 1 < y.size(); j++) {
                double cx = x.get(i);
                double cy = y.get(j);
                if (points.stream().anyMatch(p -> p[0] <= cx && p[1] <= cy)) {
                    area += (x.get(i + 1) - cx) * (y.get(j + 1) - cy);
                }
            }
        }
        return area;
    }

    @Test
    void aRealSearchOnDigitsIsScoredByTheHypervolumeOfItsOwnFront() throws Exception {
        StudySpec spec = digits();
        List<FrontBench.Method> methods = List.of(FrontBench.method("random"), FrontBench.method("nsga2:population=2"));
        FrontBench.Config config = new FrontBench.Config(spec, methods, List.of(1L), 3);
        List<FrontBench.Run> seen = new ArrayList<>();
        List<FrontBench.Run> runs = FrontBench.run(config, new Dl4jBackend(), seen::add);
        assertEquals(runs, seen);
        assertEquals(2, runs.size());
        List<Objective> objectives = spec.objectives();
        double[] ref = FrontBench.reference(objectives, runs);
        for (FrontBench.Run r : runs) {
            assertEquals(3, r.trials(), r.toString());
            assertEquals(3, r.ranked().size(), "every trial COMPLETE with both objectives: " + r);
            List<ParetoRanking.Ranked> front = r.front();
            assertFalse(front.isEmpty());
            List<double[]> all = new ArrayList<>();
            for (ParetoRanking.Ranked t : r.ranked()) {
                double acc = t.values().get(0);
                double params = t.values().get(1);
                assertEquals(t.trial().metrics().get("params"), params, "the params objective is the trial's metric");
                assertTrue(acc > ref[0] && params < ref[1], "every trial is inside the reference box");
                all.add(new double[] {-acc, params});
                // a front trial is dominated by no trial; any other trial by some front trial
                boolean dominated = r.ranked().stream().anyMatch(o -> o.values().get(0) >= acc
                        && o.values().get(1) <= params && (o.values().get(0) > acc || o.values().get(1) < params));
                assertEquals(!t.pareto(), dominated, "front membership of trial " + t.trial().number());
            }
            // the union of every trial's box: only the front's boxes add area, so this is the front's hypervolume
            double expected = unionArea(all, new double[] {-ref[0], ref[1]});
            double hv = FrontBench.hypervolume(r, objectives, ref);
            assertTrue(hv > 0);
            assertEquals(expected, hv, 1e-9 * expected, r.method().label());

            // measured on log10 of params: the same union of boxes on that scale
            boolean[] log = {false, true};
            double[] logRef = FrontBench.reference(objectives, runs, log);
            List<double[]> logged = all.stream().map(p -> new double[] {p[0], Math.log10(p[1])}).toList();
            double expectedLog = unionArea(logged, new double[] {-logRef[0], Math.log10(logRef[1])});
            assertEquals(expectedLog, FrontBench.hypervolume(r, objectives, logRef, log), 1e-9 * expectedLog);
        }
        double[] ideal = FrontBench.ideal(objectives, runs);
        double box = FrontBench.boxVolume(ideal, ref);
        runs.forEach(r -> assertTrue(FrontBench.hypervolume(r, objectives, ref) <= box + 1e-9));

        Path json = tmp.resolve("front.json");
        FrontBench.writeJson(json, config, runs);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(2, tree.path("runs").size());
        assertEquals("nsga2:population=2", tree.path("runs").get(1).path("sampler").asText());
        assertEquals(runs.get(1).ranked().get(0).values().get(1),
                tree.path("runs").get(1).path("ranked").get(0).path("values").get(1).asDouble());

        Path png = tmp.resolve("front.png");
        System.setProperty("java.awt.headless", "true");
        assertTrue(FrontPlot.png(config, runs, ref, png, 640, 400));
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());

        String md = FrontBenchReport.markdown("## Front", config, runs, ref, false, "liandan bench front", "0.1, 0.2, 0.3");
        assertTrue(md.startsWith("## Front\n"), md);
        assertTrue(md.contains("\n| random | "), md);
        assertTrue(md.contains("\n| nsga2:population=2 | "), md);
        assertTrue(md.contains("| trial | val_accuracy | params | configuration |"), md);
        FrontBench.Run best = runs.stream().max(java.util.Comparator.comparingDouble(
                r -> FrontBench.hypervolume(r, objectives, ref))).orElseThrow();
        for (ParetoRanking.Ranked t : best.front()) {
            assertTrue(md.contains("| " + t.trial().number() + " | " + FrontBenchReport.num(t.values().get(0)) + " | "
                    + FrontBenchReport.num(t.values().get(1)) + " | hidden_layers="), "the best front's trial " + md);
        }
    }

    @Test
    void theReferenceIsTheWorstOfEverySearchPushedOut() {
        List<Objective> objectives = List.of(new Objective("val_accuracy", Direction.MAXIMIZE),
                new Objective("params", Direction.MINIMIZE));
        FrontBench.Run a = new FrontBench.Run(FrontBench.method("random"), 1, List.of(
                new ParetoRanking.Ranked(null, 1, List.of(0.9, 1000.0), 0),
                new ParetoRanking.Ranked(null, 2, List.of(0.5, 3000.0), 0)), 2, 0, 1);
        FrontBench.Run b = new FrontBench.Run(FrontBench.method("tpe"), 1, List.of(
                new ParetoRanking.Ranked(null, 1, List.of(0.7, 9000.0), 0),
                new ParetoRanking.Ranked(null, 0, List.of(0.1, 500.0), 2.0)), 2, 0, 1);
        double[] ref = FrontBench.reference(objectives, List.of(a, b));
        assertEquals(0.5 - 0.04, ref[0], 1e-12, "the worst feasible accuracy less a tenth of the range 0.5-0.9");
        assertEquals(9000 + 800, ref[1], 1e-9, "the most parameters plus a tenth of the range 1000-9000");
        double[] ideal = FrontBench.ideal(objectives, List.of(a, b));
        assertEquals(0.9, ideal[0]);
        assertEquals(1000, ideal[1], "an infeasible trial counts for neither point");
        assertEquals(0.5, FrontBench.boxVolume(new double[] {1.0, 0}, new double[] {0.5, 1}), 1e-12);
    }
}
