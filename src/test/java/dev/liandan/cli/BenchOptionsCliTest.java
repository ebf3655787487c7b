package dev.liandan.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bench commands' counts out of range: one line naming every option the command checks,
 * exit 2, and nothing run. Each case fails before any benchmark starts, so they are quick.
 */
class BenchOptionsCliTest {

    private static void refused(String line, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("liandan: " + line, r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void searchNeedsASeedAndATrial() {
        refused("--seeds and --trials must be >= 1", "bench", "search", "--seeds", "0");
        refused("--seeds and --trials must be >= 1", "bench", "search", "--trials", "-3");
    }

    @Test
    void askNeedsAnAskAndARoundButMayHaveNoHistory() {
        refused("--asks and --rounds must be >= 1 and --trials >= 0", "bench", "ask", "--rounds", "0");
        refused("--asks and --rounds must be >= 1 and --trials >= 0", "bench", "ask", "--trials", "10,-1");
    }

    @Test
    void overheadNeedsATrialAndARepeat() {
        refused("--trials and --repeats must be >= 1", "bench", "overhead", "--repeats", "0");
    }

    @Test
    void loaderNeedsAnEpochAndARepeat() {
        // before the check: --repeats 0 loaded the data, then failed with a stack trace (the median of no runs)
        refused("--epochs and --repeats must be >= 1", "bench", "loader", "--repeats", "0");
        refused("--epochs and --repeats must be >= 1", "bench", "loader", "--epochs", "0");
    }

    @Test
    void pruneChecksItsCountsAndANonNegativeTolerance() {
        String line = "--epochs, --trials and --seeds must be >= 1 and --tolerance >= 0";
        refused(line, "bench", "prune", "--epochs", "0");
        refused(line, "bench", "prune", "--tolerance", "-0.1");
        refused(line, "bench", "prune", "--tolerance", "NaN");
    }

    @Test
    void ensembleChecksItsCountsBeforeOpeningTheStudy() {
        String line = "--top, --size, --bags, --repeats, --seeds-per-config and --reseed-top must be >= 1";
        refused(line, "bench", "ensemble", "--study", "absent", "--bags", "0");
        refused(line, "bench", "ensemble", "--study", "absent", "--reseed-top", "0");
    }
}
