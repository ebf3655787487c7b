package dev.liandan.bench;

import java.util.Arrays;

/**
 * Simulated time shared by W worker threads, as Syne Tune's simulator back-end keeps it (Salinas
 * et al. 2022, "Syne Tune: A Library for Large Scale Hyperparameter Tuning and Reproducible
 * Research", Sec. 4): every worker says when its next event happens (an epoch that ends, in
 * simulated seconds) and blocks; the worker whose event comes first, ties to the lower index, goes
 * on alone until it blocks again or leaves. So exactly one thread runs at any moment, events are
 * handled in the order of simulated time, and a run is reproducible however the threads are
 * scheduled: what a worker reads from storage (the trials of the others, their reported epochs)
 * is what a real study would show at that simulated moment.
 */
final class SimulatedClock {
    private final double[] next;
    private final boolean[] blocked;
    private final boolean[] gone;
    private int turn = -1;

    SimulatedClock(int workers) {
        next = new double[workers];
        blocked = new boolean[workers];
        gone = new boolean[workers];
    }

    int workers() {
        return next.length;
    }

    /** Worker {@code w}'s next event is at {@code time}: waits until it is the first of all. */
    synchronized void awaitTurn(int w, double time) throws InterruptedException {
        next[w] = time;
        blocked[w] = true;
        if (turn == w) {
            turn = -1;
        }
        pass();
        while (turn != w) {
            wait();
        }
        blocked[w] = false;
    }

    /** The current simulated time of worker {@code w} (its last event). */
    synchronized double now(int w) {
        return next[w];
    }

    /** Worker {@code w} leaves the simulation; the others go on without it. */
    synchronized void leave(int w) {
        gone[w] = true;
        blocked[w] = false;
        if (turn == w) {
            turn = -1;
        }
        pass();
    }

    /** Once no worker runs and every one still in has said when its next event is, the first goes. */
    private void pass() {
        if (turn >= 0) {
            return;
        }
        int first = -1;
        for (int w = 0; w < next.length; w++) {
            if (gone[w]) {
                continue;
            }
            if (!blocked[w]) {
                return; // still running towards its next event (or not started): wait for it
            }
            if (first < 0 || next[w] < next[first]) {
                first = w;
            }
        }
        if (first >= 0) {
            turn = first;
            notifyAll();
        }
    }

    @Override
    public synchronized String toString() {
        return "SimulatedClock" + Arrays.toString(next);
    }
}
