package dev.liandan.command;

import dev.liandan.core.TrialState;
import dev.liandan.study.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Each trial program in a process group of its own: what it started, even double-forked, ends with it. */
class TrialGroupTest {
    private static final String X = "  x: {float: [0.0, 1.0]}\n";
    @TempDir
    Path tmp;

    @Test
    void aDoubleForkedChildDoesNotSurviveTheTimeOut() throws Exception {
        assumeTrue(TrialGroup.available(), "no setsid here: programs run in the worker's group");
        Path art = tmp.resolve("art");
        TrialOutcome out = CommandFixtures.run(CommandFixtures.spec(tmp, X,
                "  command: [sh, -c, '(sleep 300 & echo $! > \"$LIANDAN_ARTIFACT_DIR/orphan.pid\"); sleep 300']\n"
                        + "  timeout: 2\n  grace: 1\n"), Map.of("x", 0.5), art, null);
        assertEquals(TrialState.FAILED, out.state());
        assertTrue(out.failReason().startsWith("timed out"), out.failReason());
        awaitGone(art.resolve("orphan.pid"));
    }

    @Test
    void aDoubleForkedChildDoesNotSurviveAProgramThatEnded() throws Exception {
        assumeTrue(TrialGroup.available(), "no setsid here: programs run in the worker's group");
        Path art = tmp.resolve("art");
        TrialOutcome out = CommandFixtures.run(CommandFixtures.spec(tmp, X,
                "  command: [sh, -c, '(sleep 300 & echo $! > \"$LIANDAN_ARTIFACT_DIR/orphan.pid\") >/dev/null;"
                        + " echo liandan: final score=1']\n"), Map.of("x", 0.5), art, null);
        assertEquals(TrialState.COMPLETE, out.state(), out.failReason());
        awaitGone(art.resolve("orphan.pid"));
    }

    @Test
    void programsAreFoundAsTheShellWouldFindThem() throws Exception {
        assertTrue(TrialGroup.find("sh", System.getenv("PATH"), tmp).isPresent());
        assertEquals(Optional.empty(), TrialGroup.find("no-such-program-liandan", System.getenv("PATH"), tmp));
        assertEquals(Optional.empty(), TrialGroup.find(tmp.resolve("missing.sh").toString(), "/bin", tmp));
        Path bin = Files.createDirectories(tmp.resolve("tools"));
        Path tool = Files.writeString(bin.resolve("train"), "#!/bin/sh\n");
        assertTrue(tool.toFile().setExecutable(true));
        assertTrue(TrialGroup.find("train", "tools", tmp).isPresent(), "a relative PATH entry starts at the workdir");
        assertTrue(TrialGroup.find("./tools/train", "", tmp).isPresent());
    }

    /** Waits (bounded) for the process whose pid is in {@code file} to end: a stop is not instant. */
    static void awaitGone(Path file) throws Exception {
        long pid = Long.parseLong(Files.readString(file).strip());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !ProcessTree.running(h.get())) {
                return;
            }
            assertFalse(Instant.now().isAfter(deadline), "process " + pid + " (" + file.getFileName() + ") still runs");
            Thread.sleep(100);
        }
    }
}
