package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.train.RegressionData;
import dev.liandan.train.RegressionDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A regression through the real CLI on the shipped diabetes data: sweep (with an ensemble) →
 * leaderboard → ensemble by other methods → predict on the held-out test rows, whose RMSE must be
 * the test score the manifest reports; and the mistakes a regression study can make, each exit 2.
 */
class RegressionEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void sweepLeaderboardEnsemblePredict() throws Exception {
        Path space = CliRunner.space(tmp, "diabetes-small.yaml", 4);
        Files.writeString(space, Files.readString(space) + "ensemble: {method: caruana, top_k: 3, size: 5}\n");
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, sweep.exitCode(), sweep.err());
        assertTrue(sweep.out().contains("Ensemble 'caruana' of study 'diabetes-small'"), sweep.out());
        assertTrue(sweep.out().contains("Test rmse: ensemble "), sweep.out());
        CliRunner.Result reported = CliRunner.run("report", "--study", "diabetes-small", "--results", results.toString());
        assertEquals(0, reported.exitCode(), reported.err());
        String report = Files.readString(results.resolve("diabetes-small/report.html"));
        assertTrue(report.contains("<section id=\"predicted-vs-true\">"), "the report plots predicted vs true");
        assertTrue(report.contains("ensemble, held-out test rows"), "with the ensemble's held-out rows");

        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "diabetes-small", "--results",
                results.toString(), "--format", "json");
        assertEquals(0, board.exitCode(), board.err());
        JsonNode json = new ObjectMapper().readTree(board.out());
        assertEquals("minimize", json.get("direction").asText());
        JsonNode rows = json.get("trials");
        assertEquals(3, rows.size(), board.out());
        double previous = Double.NEGATIVE_INFINITY;
        for (JsonNode row : rows) {
            JsonNode metrics = row.get("metrics");
            double rmse = metrics.get("val_rmse").asDouble();
            // ranked by RMSE, smallest first; in the target's units (diabetes progression spans 25..346)
            assertTrue(rmse >= previous && rmse > 1 && rmse < 300, board.out());
            assertTrue(metrics.has("val_mae") && metrics.has("val_r2"), board.out());
            previous = rmse;
        }

        for (String method : List.of("soft_vote", "hierarchical")) {
            CliRunner.Result built = CliRunner.run("ensemble", "--study", "diabetes-small", "--results",
                    results.toString(), "--method", method, "--top", "2");
            assertEquals(0, built.exitCode(), built.err());
            assertTrue(built.out().contains("Ensemble '" + method + "'"), built.out());
        }
        Path bundle = results.resolve("diabetes-small/ensemble");
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals("regression", manifest.get("task").asText());
        assertEquals("rmse", manifest.get("metric").get("name").asText());
        double testRmse = manifest.get("metric").get("test").asDouble();

        // the held-out test rows from the data file, label column left in (predict ignores it)
        RegressionData data = RegressionDatasets.load(SpaceFileParser.parse(space).data());
        int[] testRows = data.data().test().rows();
        List<String> lines = Files.readAllLines(Path.of("data/diabetes.csv"));
        List<String> input = new ArrayList<>(List.of(lines.get(0)));
        for (int r : testRows) {
            input.add(lines.get(r));
        }
        Path in = tmp.resolve("test-rows.csv");
        Files.write(in, input);
        Path out = tmp.resolve("preds.csv");
        CliRunner.Result predict = CliRunner.run("predict", "--ensemble", bundle.toString(), "--input", in.toString(),
                "--output", out.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> preds = Files.readAllLines(out);
        assertEquals("row,prediction", preds.get(0));
        assertEquals(testRows.length + 1, preds.size());
        double[] truth = data.targets("test");
        double squares = 0;
        for (int i = 0; i < testRows.length; i++) {
            double p = Double.parseDouble(preds.get(i + 1).split(",")[1]);
            squares += (p - truth[i]) * (p - truth[i]);
        }
        assertEquals(testRmse, Math.sqrt(squares / testRows.length), 1e-3 * testRmse,
                "predict on the raw test rows gives the manifest's test RMSE");

        CliRunner.Result proba = CliRunner.run("predict", "--ensemble", bundle.toString(), "--input", in.toString(),
                "--output", tmp.resolve("p2.csv").toString(), "--proba");
        assertEquals(2, proba.exitCode(), proba.err());
        assertTrue(proba.err().contains("a regression bundle predicts numbers"), proba.err());
        CliRunner.Result hardVote = CliRunner.run("ensemble", "--study", "diabetes-small", "--results",
                results.toString(), "--method", "hard_vote");
        assertEquals(2, hardVote.exitCode(), hardVote.err());
        assertTrue(hardVote.err().contains("hard_vote votes on classes"), hardVote.err());
    }

    @Test
    void aNumericLabelWithoutTaskIsRefusedWithAHint() throws Exception {
        Path space = CliRunner.space(tmp, "diabetes-small.yaml", 1);
        Files.writeString(space, Files.readString(space).replace("  task: regression\n", ""));
        CliRunner.Result r = CliRunner.run("validate", space.toString());
        assertEquals(2, r.exitCode(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(":5:10: data.label: column 'target' holds numbers with 214 distinct values"),
                r.err());
        assertTrue(r.err().contains("add task: regression to data"), r.err());

        Files.writeString(space, Files.readString(space).replace("  label: target\n",
                "  label: target\n  task: classification\n").replace("metric: val_rmse", "metric: val_accuracy"));
        assertEquals(0, CliRunner.run("validate", space.toString()).exitCode(), "task: classification keeps classes");
    }

    @Test
    void metricsAndLossesOfTheOtherTaskAreRefused() throws Exception {
        Path space = CliRunner.space(tmp, "diabetes-small.yaml", 1);
        String text = Files.readString(space);
        Files.writeString(space, text.replace("metric: val_rmse", "metric: val_accuracy"));
        CliRunner.Result accuracy = CliRunner.run("validate", space.toString());
        assertEquals(2, accuracy.exitCode());
        assertTrue(accuracy.err().contains("val_accuracy is a classification metric"), accuracy.err());

        Path digits = CliRunner.space(tmp, "digits-small.yaml", 1);
        Files.writeString(digits, Files.readString(digits).replace("metric: val_accuracy", "metric: val_r2"));
        CliRunner.Result r2 = CliRunner.run("validate", digits.toString());
        assertEquals(2, r2.exitCode());
        assertTrue(r2.err().contains("val_r2 measures a regression: add task: regression"), r2.err());

        Files.writeString(space, text.replace("  label: target\n  task: regression\n",
                "  label: target\n  task: regression\n  classes: [1, 2]\n"));
        CliRunner.Result classes = CliRunner.run("validate", space.toString());
        assertEquals(2, classes.exitCode());
        assertTrue(classes.err().contains("data.classes: not used with task: regression"), classes.err());

        // a classification loss in a regression fails the trial's sweep with one line, not a stack trace
        Files.writeString(space, text.replace("loss: {choice: [mse, mae, huber]}", "loss: focal"));
        CliRunner.Result focal = CliRunner.run("sweep", space.toString(), "--results", tmp.resolve("r").toString());
        assertEquals(2, focal.exitCode(), focal.out());
        assertTrue(focal.err().contains("loss 'focal' is a classification loss"), focal.err());
        assertFalse(focal.err().contains("\tat "), focal.err());
    }
}
