package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.train.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path through the real CLI on the digits data: a sweep whose space file asks for an
 * ensemble, `ensemble` with other methods, then `predict` on the held-out test rows, whose
 * accuracy must be the test score the manifest reports.
 */
class EnsembleEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void sweepBuildsTheEnsembleThenPredictReproducesItsTestScore() throws Exception {
        Path space = CliRunner.space(tmp, "digits-small.yaml", 3);
        Files.writeString(space, Files.readString(space) + "ensemble: {method: caruana, top_k: 3, size: 5, zip: true}\n");
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, sweep.exitCode(), sweep.err());
        assertTrue(sweep.out().contains("Ensemble 'caruana' of study 'digits-small'"), sweep.out());
        assertTrue(sweep.out().contains("best single (trial "), sweep.out());
        Path bundle = results.resolve("digits-small/ensemble");
        assertTrue(Files.isRegularFile(bundle.resolve("manifest.json")));
        assertTrue(Files.isRegularFile(results.resolve("digits-small/ensemble.zip")));

        CliRunner.Result hier = CliRunner.run("ensemble", "--study", "digits-small", "--results", results.toString(),
                "--method", "hierarchical", "--top", "2", "--seeds-per-config", "2");
        assertEquals(0, hier.exitCode(), hier.err());
        assertTrue(hier.out().contains("training configuration of trial"), "retraining is reported: " + hier.out());
        assertTrue(hier.out().contains("member 2/2"), hier.out());
        assertTrue(hier.out().contains("Ensemble 'hierarchical'"), hier.out());

        // caruana with one new seed for the best 2 configurations: the very members hierarchical trained (same
        // seeds, same folder), so they are reused and reported as such
        CliRunner.Result reseeded = CliRunner.run("ensemble", "--study", "digits-small", "--results",
                results.toString(), "--top", "3", "--size", "5", "--seeds-per-config", "2", "--reseed-top", "2");
        assertEquals(0, reseeded.exitCode(), reseeded.err());
        assertTrue(reseeded.out().contains("retraining the best 2 configuration(s) with 1 new seed(s) each"),
                reseeded.out());
        assertEquals(2, reseeded.out().lines().filter(l -> l.contains("reused from an earlier build")).count(),
                reseeded.out());
        assertTrue(reseeded.out().contains("Candidates: the trials and the best 2 configuration(s) retrained"),
                reseeded.out());
        JsonNode reseededManifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals(5, reseededManifest.get("selection").get("candidates").size());
        assertEquals(5, reseededManifest.get("selection").get("candidate_seeds").size());

        CliRunner.Result caruana = CliRunner.run("ensemble", "--study", "digits-small", "--results",
                results.toString(), "--top", "3", "--size", "5");
        assertEquals(0, caruana.exitCode(), caruana.err());
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals("caruana", manifest.get("method").asText());
        double testAccuracy = manifest.get("metric").get("test").asDouble();

        // the held-out test rows, from the data file itself, with the columns in reverse order
        Path spaceFile = tmp.resolve("digits-small.yaml");
        int[] split = Datasets.load(SpaceFileParser.parse(spaceFile).data()).test().rows();
        List<Integer> testRows = Arrays.stream(split).boxed().toList();
        Path input = tmp.resolve("test-rows.csv");
        Map<Integer, String> truth = writeRows(Path.of("data/digits.csv.gz"), testRows, input);
        Path output = tmp.resolve("preds.csv");
        CliRunner.Result predict = CliRunner.run("predict", "--ensemble", bundle.toString(), "--input",
                input.toString(), "--output", output.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals("row,label", lines.get(0));
        assertEquals(testRows.size() + 1, lines.size());
        int right = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            if (cells[1].equals(truth.get(i))) {
                right++;
            }
        }
        assertEquals(testAccuracy, (double) right / testRows.size(), 1e-12,
                "predict on the raw test rows gives the manifest's test accuracy");

        CliRunner.Result fromZip = CliRunner.run("predict", "--ensemble",
                results.resolve("digits-small/ensemble.zip").toString(), "--input", input.toString(), "--output",
                tmp.resolve("zip-preds.csv").toString(), "--proba");
        assertEquals(0, fromZip.exitCode(), fromZip.err());
        assertTrue(Files.readAllLines(tmp.resolve("zip-preds.csv")).get(0).startsWith("row,label,p_0,p_1,"));
    }

    /**
     * Writes the given rows of the gzipped data file to {@code out}, columns reversed (label
     * first), and returns each written row's true label by its row number in {@code out}.
     */
    private static Map<Integer, String> writeRows(Path data, List<Integer> rows, Path out) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        List<String> header = new ArrayList<>(List.of(lines.get(0).split(",")));
        int labelAt = header.indexOf("label");
        Collections.reverse(header);
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        Map<Integer, String> truth = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> cells = new ArrayList<>(List.of(lines.get(rows.get(i)).split(",")));
            truth.put(i + 1, cells.get(labelAt));
            Collections.reverse(cells);
            sb.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(out, sb.toString());
        return truth;
    }

    @Test
    void mistakesExitWithCodeTwoAndOneLine() {
        CliRunner.Result missing = CliRunner.run("ensemble", "--study", "nope", "--results", tmp.toString());
        assertEquals(2, missing.exitCode());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        CliRunner.Result method = CliRunner.run("ensemble", "--study", "x", "--method", "stacking");
        assertEquals(2, method.exitCode());
        assertTrue(method.err().contains("unknown ensemble method 'stacking'"), method.err());
        CliRunner.Result top = CliRunner.run("ensemble", "--study", "x", "--top", "0");
        assertEquals(2, top.exitCode());
        assertTrue(top.err().contains("--top must be >= 1"), top.err());
        CliRunner.Result fitted = CliRunner.run("ensemble", "--study", "x", "--weights", "fitted");
        assertEquals(2, fitted.exitCode());
        assertTrue(fitted.err().contains("fitted weights are for soft_vote only"), fitted.err());
        CliRunner.Result seeds = CliRunner.run("ensemble", "--study", "x", "--method", "soft_vote",
                "--seeds-per-config", "2");
        assertEquals(2, seeds.exitCode());
        assertEquals("--seeds-per-config is for hierarchical and caruana only (method is soft_vote)",
                seeds.err().strip().replaceFirst("^[^:]*: ", ""), seeds.err());
        CliRunner.Result reseedTop = CliRunner.run("ensemble", "--study", "x", "--reseed-top", "0");
        assertEquals(2, reseedTop.exitCode());
        assertTrue(reseedTop.err().contains("--reseed-top must be >= 1"), reseedTop.err());
        for (String cmd : List.of("ensemble", "predict")) {
            CliRunner.Result help = CliRunner.run(cmd, "--help");
            assertEquals(0, help.exitCode());
            assertTrue(help.out().contains("Examples:"), help.out());
        }
    }
}
