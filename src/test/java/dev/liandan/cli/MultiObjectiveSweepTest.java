package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study of two objectives through the CLI on iris: accuracy against parameter count, searched by
 * NSGA-II; the leaderboard ranks the Pareto front first and writes each trial's values; samplers and
 * pruners that would optimise one objective alone are refused.
 */
class MultiObjectiveSweepTest {
    @TempDir
    Path tmp;

    private Path space(String objective, String search) throws Exception {
        Path space = CliRunner.space(tmp, "iris-tiny.yaml", 3);
        String text = Files.readString(space)
                .replace("  units: {choice: [4, 6]}", "  units: {int: [2, 24]}")
                .replace("objective:\n  metric: val_accuracy\n", "objective:\n" + objective)
                .replace("search:\n  sampler: random\n  trials: 4\n", "search:\n" + search);
        Files.writeString(space, text);
        return space;
    }

    @Test
    void nsga2TradesAccuracyAgainstSizeAndTheLeaderboardRanksByFront() throws Exception {
        Path space = space("""
                  - {metric: val_accuracy}
                  - {metric: params}
                """, """
                  sampler: nsga2
                  options: {population: 3}
                  trials: 6
                """);
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        assertTrue(sweep.out().lines().anyMatch(l -> l.startsWith("rank") && l.contains("front")), sweep.out());

        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "iris-tiny", "--results", results.toString(),
                "--format", "json");
        assertEquals(0, board.exitCode(), board.err());
        JsonNode json = new ObjectMapper().readTree(board.out());
        assertEquals("params", json.get("objectives").get(1).get("metric").asText());
        assertEquals("minimize", json.get("objectives").get(1).get("direction").asText());
        int previousFront = 1;
        int onFront = 0;
        for (JsonNode t : json.get("trials")) {
            int front = t.get("pareto_front").asInt();
            assertTrue(front >= previousFront, "ranked by front: " + board.out());
            previousFront = front;
            assertEquals(front == 1, t.get("pareto").asBoolean());
            onFront += front == 1 ? 1 : 0;
            assertEquals(t.get("value").asDouble(), t.get("values").get(0).asDouble(), 0);
            assertEquals(t.get("metrics").get("params").asDouble(), t.get("values").get(1).asDouble(), 0);
            // the wall times are measured only for a study whose objectives name them
            assertTrue(!t.get("metrics").has("latency_ms") && !t.get("metrics").has("train_s"), t.toString());
        }
        assertTrue(onFront >= 1, board.out());

        CliRunner.Result report = CliRunner.run("report", "--study", "iris-tiny", "--results", results.toString());
        assertEquals(0, report.exitCode(), report.err());
        String html = Files.readString(results.resolve("iris-tiny/report.html"));
        assertTrue(html.contains("<section id=\"pareto\">"), "the report has a Pareto section");
        assertTrue(html.contains("id=\"hypervolume-value\""), "and the hypervolume over trials");
        String table = html.substring(html.indexOf("id=\"pareto-front\""));
        table = table.substring(0, table.indexOf("</table>"));
        assertEquals(onFront, table.split("<tr><td>", -1).length - 1, "one table row per front trial");
        // no trial on the front is dominated by any other trial
        for (JsonNode a : json.get("trials")) {
            if (!a.get("pareto").asBoolean()) {
                continue;
            }
            for (JsonNode b : json.get("trials")) {
                double accA = a.get("values").get(0).asDouble();
                double accB = b.get("values").get(0).asDouble();
                double pA = a.get("values").get(1).asDouble();
                double pB = b.get("values").get(1).asDouble();
                assertTrue(!(accB >= accA && pB <= pA && (accB > accA || pB < pA)), "front trial dominated: " + board.out());
            }
        }
    }

    @Test
    void infeasibleTrialsRankAfterFeasibleOnes() throws Exception {
        // one hidden layer of u units on iris: 8u + 3 parameters, so params <= 99 means u <= 12
        Path space = space("  - {metric: val_accuracy}\n  - {metric: params}\n",
                "  sampler: nsga2\n  options: {population: 3}\n  trials: 6\n");
        Files.writeString(space, Files.readString(space) + "constraints: [\"params <= 99\"]\n");
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "iris-tiny", "--results", results.toString(),
                "--format", "json");
        JsonNode trials = new ObjectMapper().readTree(board.out()).get("trials");
        boolean seenInfeasible = false;
        for (JsonNode t : trials) {
            boolean feasible = t.get("metrics").get("params").asDouble() <= 99;
            assertEquals(feasible, t.get("feasible").asBoolean(), t.toString());
            assertTrue(feasible || t.get("pareto_front").isNull(), "no front for an infeasible trial: " + t);
            assertTrue(!(feasible && seenInfeasible), "a feasible trial after an infeasible one: " + board.out());
            seenInfeasible |= !feasible;
        }
        CliRunner.Result bad = CliRunner.run("validate", space.toString().replace(".yaml", ".yaml"));
        assertEquals(0, bad.exitCode(), bad.err());
        Files.writeString(space, Files.readString(space).replace("params <= 99", "params about 99"));
        CliRunner.Result wrong = CliRunner.run("validate", space.toString());
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.err().contains("constraints: 'params about 99' is not a constraint"), wrong.err());
    }

    @Test
    void whatWouldOptimiseOneObjectiveAloneIsRefused() throws Exception {
        String two = "  - {metric: val_accuracy}\n  - {metric: latency_ms}\n";
        CliRunner.Result cmaes = CliRunner.run("validate", space(two, "  sampler: cmaes\n  trials: 4\n").toString());
        assertEquals(2, cmaes.exitCode(), cmaes.out());
        assertTrue(cmaes.err().contains("search.sampler: cmaes models one objective: with 2 objectives use nsga2, tpe,"
                + " random, grid or sobol"), cmaes.err());

        CliRunner.Result pruned = CliRunner.run("validate", space(two,
                "  sampler: random\n  trials: 4\n  pruner: median\n").toString());
        assertEquals(2, pruned.exitCode(), pruned.out());
        assertTrue(pruned.err().contains("median compares one objective's epochs; a study of 2 objectives runs with pareto_asha or without a pruner"), pruned.err());

        CliRunner.Result costFirst = CliRunner.run("validate", space("  - {metric: params}\n  - {metric: val_accuracy}\n",
                "  sampler: random\n  trials: 4\n").toString());
        assertEquals(2, costFirst.exitCode());
        assertTrue(costFirst.err().contains("params is measured once after training"), costFirst.err());

        CliRunner.Result twice = CliRunner.run("validate", space("  - {metric: val_accuracy}\n  - {metric: val_accuracy}\n",
                "  sampler: random\n  trials: 4\n").toString());
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("metric 'val_accuracy' is listed twice"), twice.err());
    }
}
