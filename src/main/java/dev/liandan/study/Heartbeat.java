package dev.liandan.study;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The heartbeat of a worker's running trials, from a daemon thread of its own, every
 * {@link #every} (at most a fifth of the grace period), whatever the training thread does,
 * through a storage connection of its own where the storage gives one
 * ({@link StudyStorage#forHeartbeats()}), so that no storage call of the training thread holds
 * it back. Closing it stops the thread and closes that connection.
 */
public final class Heartbeat implements AutoCloseable {
    /** How often a worker beats with the default grace period. */
    public static final Duration EVERY = Duration.ofSeconds(5);
    /** The grace period holds at least this many heartbeats, however short it is set. */
    static final int BEATS_PER_GRACE = 5;

    private final StudyStorage storage;
    private final String study;
    private final Supplier<Collection<Integer>> running;
    private final ScheduledExecutorService thread;
    private volatile StudyStorage beats;

    private Heartbeat(StudyStorage storage, String study, Supplier<Collection<Integer>> running, Consumer<String> log) {
        this.storage = storage;
        this.study = study;
        this.running = running;
        this.beats = ownStorage(storage, log);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "liandan-heartbeat");
            t.setDaemon(true);
            // it must run on time while training keeps every core busy
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
    }

    /**
     * Starts beating for the trials whose numbers {@code running} gives at each beat.
     *
     * @param log where a one-line notice goes if heartbeats must share the worker's connection
     */
    public static Heartbeat start(StudyStorage storage, String study, Duration grace,
                                  Supplier<Collection<Integer>> running, Consumer<String> log) {
        Heartbeat h = new Heartbeat(storage, study, running, log);
        long every = every(grace).toMillis();
        h.thread.scheduleAtFixedRate(h::beat, every, every, TimeUnit.MILLISECONDS);
        return h;
    }

    /**
     * Every 5 s, or a {@value #BEATS_PER_GRACE}th of a shorter grace period: a live worker must
     * miss at least {@value #BEATS_PER_GRACE} heartbeats in a row (12 with the default grace)
     * before its trial may be taken as lost.
     */
    public static Duration every(Duration grace) {
        Duration part = grace.dividedBy(BEATS_PER_GRACE);
        return part.compareTo(EVERY) < 0 ? part : EVERY;
    }

    /**
     * Heartbeats get a storage (a connection) of their own where the storage has one to give, so
     * that a storage call of the training thread stuck on a lock (SQLite's busy time-out, a long
     * read) does not hold them back; if it cannot be opened, they share the worker's.
     */
    private static StudyStorage ownStorage(StudyStorage storage, Consumer<String> log) {
        try {
            return storage.forHeartbeats();
        } catch (RuntimeException e) {
            log.accept("liandan: heartbeats share the worker's storage connection: " + e.getMessage());
            return storage;
        }
    }

    private void beat() {
        try {
            for (int number : running.get()) {
                beats.heartbeat(study, number, Instant.now());
            }
        } catch (Throwable e) {
            // A missed heartbeat is harmless, the next one may succeed; but a throwable that
            // escaped would cancel every later beat (ScheduledExecutorService), so none may.
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        StudyStorage own = beats;
        beats = storage;
        if (own != storage) {
            try {
                // a storage's close waits for a call in flight on it (a beat ends soon, or at the busy time-out)
                own.close();
            } catch (RuntimeException e) {
                // the connection of heartbeats only: nothing of the study is lost
            }
        }
    }
}
