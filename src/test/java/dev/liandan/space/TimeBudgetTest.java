package dev.liandan.space;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.liandan.space.SpaceFiles.BASE;
import static dev.liandan.space.SpaceFiles.error;
import static dev.liandan.space.SpaceFiles.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code search.time_budget} and {@code --time-budget}: the forms people write, and located errors. */
class TimeBudgetTest {
    @TempDir
    Path dir;

    Duration budget(String written) {
        return parse(dir, BASE + "search:\n  time_budget: " + written + "\n").search().timeBudget();
    }

    @Test
    void hoursMinutesSecondsAndTheirCombinations() {
        assertEquals(Duration.ofSeconds(90), budget("90s"));
        assertEquals(Duration.ofMinutes(30), budget("30m"));
        assertEquals(Duration.ofHours(2), budget("2h"));
        assertEquals(Duration.ofMinutes(90), budget("1h30m"));
        assertEquals(Duration.ofSeconds(3600 + 60 + 5), budget("1h1m5s"));
        assertEquals(Duration.ofSeconds(600), budget("600"), "a bare number is seconds, as trial.timeout takes it");
        assertEquals(Duration.ofMillis(1500), budget("1.5"));
    }

    @Test
    void noTimeBudgetByDefault() {
        assertNull(parse(dir, BASE + "search:\n  trials: 3\n").search().timeBudget());
        assertNull(parse(dir, BASE).search().timeBudget());
    }

    @Test
    void badValuesAreLocatedErrors() {
        error(dir, BASE + "search:\n  time_budget: 30 parsecs\n", 8, 16,
                "search.time_budget: expected seconds (e.g. 600) or a duration such as 90s, 30m, 2h or 1h30m, got '30 parsecs'");
        error(dir, BASE + "search:\n  time_budget: 30m1h\n", 8, 16, "got '30m1h'");
        error(dir, BASE + "search:\n  time_budget: 0s\n", 8, 16, "above 0s");
        error(dir, BASE + "search:\n  time_budget: [1, 2]\n", 8, 16, "search.time_budget: expected a single value");
        error(dir, BASE + "search:\n  time_budget: -5\n", 8, 16, "got '-5'");
    }

    @Test
    void theCommandLineFormNamesTheOption() {
        assertEquals(Duration.ofMinutes(90), TimeBudget.option("1h30m", "--time-budget"));
        UserError e = assertThrows(UserError.class, () -> TimeBudget.option("soon", "--time-budget"));
        assertTrue(e.getMessage().startsWith("--time-budget: expected seconds"), e.getMessage());
    }

    @Test
    void formattedAsWritten() {
        assertEquals("1h30m", TimeBudget.format(Duration.ofMinutes(90)));
        assertEquals("1m30s", TimeBudget.format(Duration.ofSeconds(90)));
        assertEquals("2h", TimeBudget.format(Duration.ofHours(2)));
    }
}
