package dev.liandan.cli;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code liandan bench moo}: liandan alone when Optuna cannot run, side by side with it when it can. */
class BenchMooCommandTest {
    @Test
    void withoutOptunaItSaysSoInOneLineAndRunsLiandanAlone() {
        CliRunner.Result r = CliRunner.run("bench", "moo", "--problems", "zdt1,bnh", "--seeds", "2", "--trials", "30",
                "--python", "/nonexistent/python3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("bench moo: Optuna is not run: cannot run /nonexistent/python3"), r.err());
        assertTrue(r.out().contains("| zdt1 [1.1, 11] |"), r.out());
        assertTrue(r.out().contains("| bnh [140, 50] |"), r.out());
        assertTrue(r.out().contains("liandan motpe"), r.out());
        assertFalse(r.out().contains("Optuna nsga2"), r.out());
    }

    @Test
    void anUnknownProblemIsOneLine() {
        CliRunner.Result r = CliRunner.run("bench", "moo", "--problems", "zdt9", "--no-optuna");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().strip().endsWith("--problems: unknown problem 'zdt9': expected zdt1, zdt2, dtlz2, bnh"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void besideOptunaWhereItIsInstalled() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import optuna").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "/usr/bin/python3 has no optuna: skipped");
        CliRunner.Result r = CliRunner.run("bench", "moo", "--problems", "bnh", "--seeds", "1", "--trials", "20",
                "--methods", "nsga2", "--optuna-methods", "nsga2,motpe");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Optuna nsga2") && r.out().contains("Optuna motpe"), r.out());
        assertTrue(r.out().contains("liandan against Optuna 3."), r.out());
        assertTrue(r.out().matches("(?s).*\\| bnh \\[140, 50] \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\(nsga2\\).*"),
                r.out());
    }
}
