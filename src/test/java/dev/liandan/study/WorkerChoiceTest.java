package dev.liandan.study;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a sweep chooses its local workers and their threads when not told (a pure rule). */
class WorkerChoiceTest {
    private static final long GIB = 1L << 30;

    @Test
    void dl4jTrialsGetOneSingleThreadedWorkerPerCore() {
        LocalWorkers.Choice c = LocalWorkers.choose(null, 0, true, 20, 2, 24 * GIB);
        assertEquals(2, c.workers());
        assertEquals(1, c.threads());
        assertTrue(c.line().startsWith("2 worker processes, 1 thread each: "), c.line());
        assertTrue(c.line().contains("--workers 1"), "says how to get the sequential run: " + c.line());
        assertEquals(16, LocalWorkers.choose(null, 0, true, 100, 16, 64 * GIB).workers());
    }

    @Test
    void neverMoreWorkersThanTrialsOrMemoryAllow() {
        assertEquals(3, LocalWorkers.choose(null, 0, true, 3, 8, 64 * GIB).workers());
        LocalWorkers.Choice memory = LocalWorkers.choose(null, 0, true, 20, 8, 4 * GIB);
        assertEquals(2, memory.workers());
        assertEquals(4, memory.threads(), "the cores are shared among the workers there are");
        LocalWorkers.Choice tight = LocalWorkers.choose(null, 0, true, 20, 8, GIB);
        assertEquals(1, tight.workers());
        assertEquals(8, tight.threads());
        assertTrue(tight.line().startsWith("1 worker (this process), up to 8 threads: "), tight.line());
    }

    @Test
    void oneCoreOrOneTrialRunsInThisProcess() {
        LocalWorkers.Choice one = LocalWorkers.choose(null, 0, true, 20, 1, 24 * GIB);
        assertEquals(1, one.workers());
        assertEquals(1, one.threads());
        assertEquals(1, LocalWorkers.choose(null, 0, true, 1, 4, 24 * GIB).workers());
    }

    @Test
    void whatTheUserSaysWinsAndCommandTrialsStayInOneProcess() {
        LocalWorkers.Choice told = LocalWorkers.choose(1, 0, true, 20, 8, 24 * GIB);
        assertEquals(1, told.workers());
        assertEquals(8, told.threads());
        assertEquals(3, LocalWorkers.choose(3, 0, true, 20, 8, 24 * GIB).workers());
        assertEquals(2, LocalWorkers.choose(null, 2, true, 20, 8, 24 * GIB).workers(), "one per GPU");
        LocalWorkers.Choice command = LocalWorkers.choose(null, 0, false, 20, 8, 24 * GIB);
        assertEquals(1, command.workers());
        assertEquals(8, command.threads());
    }

    @Test
    void ompNumThreadsIsTheCoresASweepMayUse() {
        assertEquals(3, LocalWorkers.cores("3", 16));
        assertEquals(16, LocalWorkers.cores(null, 16));
        assertEquals(16, LocalWorkers.cores("0", 16));
        assertEquals(16, LocalWorkers.cores("many", 16));
        assertEquals(1, LocalWorkers.cores(null, 0));
    }
}
