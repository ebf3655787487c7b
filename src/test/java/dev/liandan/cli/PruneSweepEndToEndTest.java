package dev.liandan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.core.TrialState;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real sweep with ASHA (r = 1, eta = 2) on the digits data: some trials end PRUNED, the budget is exact. */
class PruneSweepEndToEndTest {
    private static final int EPOCHS = 4;

    @TempDir
    Path tmp;

    @Test
    void ashaPrunesSomeTrialsAndTheBudgetIsExact() throws Exception {
        Path space = CliRunner.space(tmp, "digits-prune.yaml", EPOCHS);
        Path results = tmp.resolve("results");
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString());
        assertEquals(0, sweep.exitCode(), sweep.err());

        List<Trial> trials;
        try (StudyStorage storage = JdbcStorage.sqlite(results.resolve("digits-prune/study.db"))) {
            trials = storage.trials("digits-prune");
        }
        assertEquals(6, trials.size(), "exactly the budget, no more trials started");
        List<Trial> pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).toList();
        List<Trial> complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        assertEquals(6, pruned.size() + complete.size(), "nothing failed: " + trials);
        assertTrue(pruned.size() >= 1 && complete.size() >= 1, "some pruned, some complete: " + trials);
        assertEquals(TrialState.COMPLETE, trials.get(0).state(), "the first trial has no peers and goes on");
        for (Trial t : pruned) {
            assertTrue(t.epochs() == 1 || t.epochs() == 2, "stopped at a rung (epoch 1 or 2): " + t);
            assertEquals(t.epochs(), t.intermediates().size(), "one value per epoch trained");
            double best = t.intermediates().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertNotNull(t.value(), "a pruned trial keeps its value for the samplers");
            assertEquals(best, t.value(), 0.0, "its value is its best epoch's");
            assertEquals(best, t.observation().value(), 0.0);
            assertNull(t.failReason());
            assertTrue(Files.exists(results.resolve("digits-prune/trials/" + t.number() + "/model.zip")));
        }
        for (Trial t : complete) {
            assertEquals(EPOCHS, t.epochs());
        }
        assertTrue(sweep.out().contains("6 of 6 trials finished (" + pruned.size() + " pruned)"), sweep.out());
        assertTrue(sweep.out().contains("PRUNED at epoch "), sweep.out());

        // ranked: COMPLETE only; --all lists the pruned ones after them, unranked
        CliRunner.Result board = CliRunner.run("leaderboard", "--study", "digits-prune", "--results",
                results.toString(), "--format", "json", "--all");
        assertEquals(0, board.exitCode(), board.err());
        JsonNode rows = new ObjectMapper().readTree(board.out()).get("trials");
        assertEquals(6, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            boolean ranked = i < complete.size();
            assertEquals(ranked ? "COMPLETE" : "PRUNED", rows.get(i).get("state").asText());
            assertEquals(ranked, !rows.get(i).get("rank").isNull());
        }
    }

    @Test
    void validateAndSweepRefuseAPrunerMistakeAtItsPlace() throws Exception {
        Path space = CliRunner.space(tmp, "digits-prune.yaml", EPOCHS);
        Files.writeString(space, Files.readString(space).replace("reduction_factor: 2", "eta: 2"));
        String expected = space + ":24:41: unknown option 'eta' of the asha pruner: expected one of min_resource,"
                + " reduction_factor, min_early_stopping_rate";
        CliRunner.Result validate = CliRunner.run("validate", space.toString());
        assertEquals(2, validate.exitCode(), validate.out() + validate.err());
        assertEquals("liandan: " + expected, validate.err().strip());
        CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", tmp.resolve("r").toString());
        assertEquals(2, sweep.exitCode(), sweep.out() + sweep.err());
        assertEquals("liandan: " + expected, sweep.err().strip());
        assertTrue(!Files.exists(tmp.resolve("r/digits-prune/study.db")), "no study created");
    }
}
