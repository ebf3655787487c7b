package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.api.Study;
import dev.liandan.ensemble.EnsembleOptions;
import dev.liandan.ensemble.EnsembleResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ensembles from the trials a user chose: a real two-objective sweep on the digits data (accuracy
 * against parameter count), then {@code ensemble --pareto} (the front's trials) and
 * {@code ensemble --trials N} (one trial alone), each served by {@code predict}; and the choices that
 * are refused in one line.
 */
class ParetoEnsembleCliTest {
    @TempDir
    Path tmp;

    @Test
    void theParetoFrontOrChosenTrialsBecomeTheBundleThatPredictServes() throws Exception {
        Path space = CliRunner.space(tmp, "digits-small.yaml", 2);
        Files.writeString(space, Files.readString(space)
                .replace("study: digits-small", "study: digits-sized")
                .replace("units: {choice: [32, 64]}", "units: {choice: [4, 16, 64]}")
                .replace("objective:\n  metric: val_accuracy\n", "objective:\n  - {metric: val_accuracy}\n"
                        + "  - {metric: params}\n")
                .replace("trials: 3", "trials: 5"));
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, sweep.exitCode(), sweep.err() + sweep.out());
        String dir = results.toString();

        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "digits-sized", "--results", dir,
                "--format", "json");
        List<Integer> front = new ArrayList<>();
        List<Integer> complete = new ArrayList<>();
        for (JsonNode t : new ObjectMapper().readTree(board.out()).get("trials")) {
            complete.add(t.get("number").asInt());
            if (t.get("pareto").asBoolean()) {
                front.add(t.get("number").asInt());
            }
        }
        assertEquals(5, complete.size(), board.out());
        assertTrue(!front.isEmpty(), board.out());

        // the front's trials, all of them, as soft_vote members (--keep: whatever the cross-fit says)
        CliRunner.Result pareto = CliRunner.run("ensemble", "--study", "digits-sized", "--results", dir, "--pareto",
                "--method", "soft_vote", "--keep");
        assertEquals(0, pareto.exitCode(), pareto.err() + pareto.out());
        assertTrue(pareto.out().contains("Candidates: the Pareto front, trials " + String.join(", ",
                front.stream().map(String::valueOf).toList()) + " (best single: the best of them)"), pareto.out());
        Path bundle = results.resolve("digits-sized/ensemble");
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals("pareto", manifest.get("selection").get("candidates_from").asText());
        assertEquals(front, numbers(manifest.get("selection").get("candidates")), "candidates: the front, best first");
        assertEquals(front, members(manifest), "members: exactly the front's trials");
        predict(bundle);

        // one trial off the front if there is one: "deploy the trade-off I chose"
        int chosen = complete.stream().filter(n -> !front.contains(n)).findFirst().orElse(front.get(0));
        CliRunner.Result one = CliRunner.run("ensemble", "--study", "digits-sized", "--results", dir, "--trials",
                Integer.toString(chosen));
        assertEquals(0, one.exitCode(), one.err() + one.out());
        assertTrue(one.out().contains("Candidates: the chosen trials " + chosen + " "), one.out());
        manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals(List.of(chosen), members(manifest), "a one-member bundle of the chosen trial");
        assertEquals("trials", manifest.get("selection").get("candidates_from").asText());
        predict(bundle);

        // the same choice from Java, on the study a sweep made
        int a = complete.get(0);
        int b = complete.get(complete.size() - 1);
        try (Study study = Study.fromSpaceFile(space, results)) {
            EnsembleResult r = study.buildEnsemble(EnsembleOptions.defaults().withTrials(List.of(b, a)));
            assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf(r.manifest().selection().candidates()),
                    "the chosen trials are the candidates");
            assertEquals(2, r.manifest().selection().candidates().size());
            EnsembleResult p = study.buildEnsemble(new EnsembleOptions(dev.liandan.ensemble.Method.SOFT_VOTE, 10, 1, 1,
                    false, false).keeping(true).withPareto());
            assertEquals(front, p.manifest().members().stream().map(m -> m.trial()).toList());
        }

        // the sweep's objectives, whose directions the space file left to the metrics' defaults, as Java names them
        String db = results.resolve("digits-sized/study.db").toString();
        try (Study same = Study.create("digits-sized").storage(db).maximize("val_accuracy").minimize("params").open()) {
            assertEquals(front, same.bestTrials().stream().map(dev.liandan.api.FrozenTrial::number).toList(),
                    "bestTrials() of a sweep's study is its leaderboard's front");
        }
        dev.liandan.core.UserError other = org.junit.jupiter.api.Assertions.assertThrows(dev.liandan.core.UserError.class,
                () -> Study.create("digits-sized").storage(db).maximize("val_accuracy").open());
        assertTrue(other.getMessage().contains("to maximize val_accuracy, minimize params, not to maximize val_accuracy"),
                other.getMessage());

        refused(dir, "--study", "digits-sized", "--trials", "99");
        refused(dir, "--study", "digits-sized", "--trials", "1,x");
        refused(dir, "--study", "digits-sized", "--trials", "1,1");
        refused(dir, "--study", "digits-sized", "--trials", "1", "--pareto");
        refused(dir, "--study", "digits-sized", "--pareto", "--top", "3");
        assertTrue(refused(dir, "--study", "digits-sized", "--trials", "99")
                .equals("liandan: --trials: study 'digits-sized' has no trial 99"));
    }

    @Test
    void aFailedTrialOrAStudyOfOneObjectiveIsRefusedInOneLine() {
        Path results = tmp.resolve("results");
        try (Study study = Study.create("one").storage(results.resolve("one/study.db").toString()).open()) {
            study.optimize(t -> {
                double x = t.suggestFloat("x", 0, 1);
                if (t.number() == 1) {
                    throw new IllegalStateException("no network for this one");
                }
                return x;
            }, 2);
        }
        String dir = results.toString();
        assertEquals("liandan: --pareto: study 'one' has one objective (value), so no Pareto front: choose its"
                + " candidates with --top or --trials", refused(dir, "--study", "one", "--pareto"));
        assertEquals("liandan: --trials: trial 1 of study 'one' is FAILED, not COMPLETE: an ensemble is built from"
                + " finished trials", refused(dir, "--study", "one", "--trials", "1"));
        assertTrue(refused(dir, "--study", "one", "--trials", "0").startsWith("liandan: --trials: trial 0 has no"
                + " model.zip and val_predictions.csv in "), "a chosen trial without its files is an error, not skipped");
    }

    /** Runs {@code ensemble} expecting exit code 2 and one line on stderr; returns the line. */
    private static String refused(String results, String... args) {
        List<String> all = new ArrayList<>(List.of("ensemble", "--results", results));
        all.addAll(List.of(args));
        CliRunner.Result r = CliRunner.run(all.toArray(String[]::new));
        assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        return lines.get(0);
    }

    private static List<Integer> numbers(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static List<Integer> members(JsonNode manifest) {
        List<Integer> out = new ArrayList<>();
        manifest.get("members").forEach(m -> out.add(m.get("trial").asInt()));
        return out;
    }

    /** {@code predict} on the first four rows of the data file (label column included, as the bundle ignores it). */
    private void predict(Path bundle) throws Exception {
        Path input = tmp.resolve("rows.csv");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(Path.of("data/digits.csv.gz"))), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                lines.add(r.readLine());
            }
            Files.write(input, lines);
        }
        Path output = tmp.resolve("preds.csv");
        CliRunner.Result p = CliRunner.run("predict", "--ensemble", bundle.toString(), "--input", input.toString(),
                "--output", output.toString());
        assertEquals(0, p.exitCode(), p.err());
        List<String> preds = Files.readAllLines(output);
        assertEquals(5, preds.size(), preds.toString());
        for (String line : preds.subList(1, 5)) {
            assertTrue(line.matches("\\d+,\\d"), line);
        }
    }
}
