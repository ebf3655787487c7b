package dev.liandan.report;

import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyResult;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import dev.liandan.study.TrialCache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps a study's HTML report current during a sweep: rewritten (atomically) when the study
 * starts, after each finished trial, and once more, no longer live, when it ends. A report that
 * cannot be written never stops the sweep: the first failure is told to {@code warn}, later ones
 * are dropped.
 *
 * <p>Writing a report reads the trials that are new or unfinished since the last write (a
 * {@link TrialCache}) and draws every plot (seconds on a loaded host), so it
 * is done by one background thread, off the trial path. Requests are coalesced: only the latest
 * state waiting is written, and at most one write is in flight; a sweep that finishes trials
 * faster than reports are written skips the states in between. {@link #studyEnded} waits for the
 * final write, so the report is complete when the sweep returns.
 */
public final class LiveReport implements StudyListener, AutoCloseable {
    /** Renders and writes one state of the study (a test may make it slow); returns what to tell the user, if anything. */
    @FunctionalInterface
    interface Writer {
        Optional<String> write(StudyRecord study, List<Trial> trials, StudyReport.Live live);
    }

    /** One state to write: live is null for the final report. */
    private record Request(String study, StudyReport.Live live) {
    }

    private final StudyStorage storage;
    private final Path out;
    private final Consumer<String> warn;
    private final Writer writer;
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "liandan-report");
        // never keeps the JVM alive: a sweep that ends waits for its final write in studyEnded
        t.setDaemon(true);
        return t;
    });
    private volatile int budget;
    private volatile String study;
    private boolean warned; // written by the report thread only
    /** Per study, the trials read so far: each write reads only new and unfinished trials. */
    private final Map<String, TrialCache> caches = new HashMap<>(); // used by the report thread only

    /** @param out the report file, usually {@code studyDir/report.html} */
    public LiveReport(StudyStorage storage, Path studyDir, Path out, Consumer<String> warn) {
        this(storage, out, warn,
                (record, trials, live) -> {
                    StudyReport report = StudyReport.of(record, trials, studyDir, live, Instant.now());
                    report.write(out);
                    return report.plotsUnavailable().map(why -> "the report " + out + " has no plots: " + why);
                });
    }

    LiveReport(StudyStorage storage, Path out, Consumer<String> warn, Writer writer) {
        this.storage = storage;
        this.out = out;
        this.warn = warn;
        this.writer = writer;
    }

    @Override
    public void studyStarted(String study, int budget, int finished, Double best) {
        this.study = study;
        this.budget = budget;
        request(new Request(study, new StudyReport.Live(budget, finished)));
    }

    @Override
    public void trialFinished(Trial trial, int finished, Double best) {
        request(new Request(study, new StudyReport.Live(budget, finished)));
    }

    /** The final report; returns once it is written (or has failed). */
    @Override
    public void studyEnded(StudyResult result) {
        request(new Request(result.study(), null));
        close();
    }

    /** Waits until every state requested so far is written (or has failed). */
    public void flush() {
        try {
            // one thread, first in first out: when this no-op has run, every earlier write has
            thread.submit(() -> { }).get();
        } catch (RejectedExecutionException closed) {
            // closed: close() already waited for the last write
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is still pending, then stops the report thread; later requests are dropped. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                // a report write on a very loaded host: keep waiting, the sweep wants its final report
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void request(Request r) {
        // Only the request that finds nothing pending queues a write; later ones replace what
        // it will write, so at most one write waits behind the one in flight.
        if (pending.getAndSet(r) == null) {
            try {
                thread.execute(this::writeLatest);
            } catch (RejectedExecutionException closed) {
                pending.set(null);
            }
        }
    }

    private void writeLatest() {
        Request r = pending.getAndSet(null);
        if (r == null || r.study() == null) {
            return;
        }
        try {
            StudyRecord record = storage.findStudy(r.study()).orElseThrow();
            writer.write(record, caches.computeIfAbsent(r.study(), name -> new TrialCache(storage, name)).refresh(),
                    r.live()).ifPresent(this::warnOnce);
        } catch (RuntimeException e) {
            warnOnce("cannot update the report " + out + ": " + e.getMessage());
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            warn.accept(message);
        }
    }
}
