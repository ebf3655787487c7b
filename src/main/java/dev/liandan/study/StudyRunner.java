package dev.liandan.study;

import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.pruner.Pruner;
import dev.liandan.sampler.Sampler;
import dev.liandan.space.Space;
import dev.liandan.space.StudySpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The worker loop of one process: until the budget is spent, take the next configuration (a lost
 * trial to re-run first, then an enqueued one, else the sampler's proposal), start it in storage,
 * run it with a heartbeat, record how it ended. Everything it decides is read back from storage,
 * so a run killed at any point resumes where it stopped, and any number of workers, in any
 * processes on any hosts, may run the same study at once.
 *
 * <p>After each epoch the study's pruner may stop the trial: it is then recorded PRUNED with the
 * epochs it trained and its best value, and counts towards the budget and feeds the sampler like
 * any finished trial (but is not ranked: {@link Ranking} ranks COMPLETE trials only, as Optuna does).
 *
 * <p>The budget counts COMPLETE, PRUNED and FAILED trials, but not trials whose worker was lost:
 * those are recorded FAILED with reason {@value LostTrials#INTERRUPTED} (Ctrl-C, or a worker process on
 * this host that is gone) or {@value LostTrials#WORKER_LOST} (a heartbeat older than the grace period) and
 * re-run with the same configuration and seed, up to {@code search.retries} times, so a resumed
 * study proposes the same trials as an uninterrupted one. The decision to start a trial is taken
 * under the study's lock in storage ({@link StudyStorage#decideNext}), counting the RUNNING trials of
 * every worker, so that exactly the budget finishes however many workers run.
 *
 * <p>A wall-time budget ({@code search.time_budget}, {@code --time-budget}) works as Optuna's
 * {@code timeout}: no trial starts once it has passed, counted from the start of the study's first
 * trial as stored (so it holds across workers and resumes); trials already running finish.
 *
 * <p>The worker keeps a {@link TrialCache}: finished trials are read once, so each trial costs the
 * storage reads of the new and unfinished trials only, however long the study.
 *
 * <p>Its parts: {@link NextTrialPolicy} decides, {@link Heartbeat} keeps the running trial alive,
 * {@link LostTrials} reclaims other workers' lost trials, {@link FailureReason} words a failure,
 * {@link StudyBudget} counts. Should another worker still
 * reclaim this worker's trial (a host stalled past the grace period), finishing it changes
 * nothing: the worker says so in one line and goes on; the trial does not count twice.
 */
public final class StudyRunner {
    /**
     * A RUNNING trial whose heartbeat is older than this is taken as lost, unless told otherwise
     * ({@code --heartbeat-grace}): 12 heartbeats, so that a loaded host that misses several
     * (a long GC pause, a busy database) is not taken for a dead one.
     */
    public static final Duration DEFAULT_HEARTBEAT_GRACE = Duration.ofSeconds(60);
    /** How often a worker with nothing to start looks again (other workers' trials may fail). */
    static final Duration POLL_EVERY = Duration.ofSeconds(1);

    private final StudyStorage storage;
    private final TrialBackend backend;
    private final StudyLayout layout;
    private final StudyListener listener;
    private String worker = WorkerId.current();
    private Duration heartbeatGrace = DEFAULT_HEARTBEAT_GRACE;
    private final AtomicReference<Trial> current = new AtomicReference<>();
    private volatile String studyName;
    private Consumer<String> log = System.err::println;
    private Sampler sampler;
    private Function<List<Trial>, Space> space;

    /**
     * @param studyDir where the trials' artifacts go ({@link StudyLayout})
     */
    public StudyRunner(StudyStorage storage, TrialBackend backend, Path studyDir, StudyListener listener) {
        this.storage = storage;
        this.backend = backend;
        this.layout = new StudyLayout(studyDir);
        this.listener = listener;
    }

    /**
     * Names this worker in storage (default {@code host/pid}); must be unique among the study's
     * workers. A name not of the {@code host/pid} form is never taken for a dead local process:
     * its trials are reclaimed only when their heartbeat goes stale.
     */
    public StudyRunner withWorker(String workerId) {
        if (workerId == null || workerId.isBlank()) {
            throw new UserError("a worker id must not be blank");
        }
        this.worker = workerId.strip();
        return this;
    }

    /** How old another worker's heartbeat may be before its trial is taken as lost. */
    public StudyRunner withHeartbeatGrace(Duration grace) {
        if (grace == null || grace.toMillis() < 1000) {
            throw new UserError("the heartbeat grace period must be at least 1 second, got " + grace);
        }
        this.heartbeatGrace = grace;
        return this;
    }

    /** Where the worker's one-line notices go (default: standard error). */
    public StudyRunner withLog(Consumer<String> lines) {
        this.log = Objects.requireNonNull(lines);
        return this;
    }

    /**
     * Samples with this sampler instead of the one the study's spec names (a library user's own);
     * the caller has then created the study in storage, and the run only records its budget.
     */
    public StudyRunner withSampler(Sampler instance) {
        this.sampler = Objects.requireNonNull(instance);
        return this;
    }

    /**
     * Samples from the space this gives for the study's trials (as last read), asked again before
     * each decision, instead of the spec's: the space of a define-by-run study grows as its
     * trials reveal parameters.
     */
    public StudyRunner withSpace(Function<List<Trial>, Space> spaceNow) {
        this.space = Objects.requireNonNull(spaceNow);
        return this;
    }

    /** How often this worker's heartbeat beats. */
    Duration heartbeatEvery() {
        return Heartbeat.every(heartbeatGrace);
    }

    /**
     * Runs trials until {@code budget} of them are finished, the sampler has nothing left, or
     * the study's time budget has passed.
     */
    public StudyResult run(StudySpec spec, int budget) {
        if (sampler == null) {
            StudySetup.prepare(storage, spec);
        } else {
            StudySetup.recordBudget(storage, spec);
        }
        Pruner pruner = StudySetup.checkPruner(spec);
        NextTrialPolicy policy = new NextTrialPolicy(sampler != null ? sampler : StudySetup.checkSampler(spec), worker,
                pruner);
        String name = spec.name();
        studyName = name;
        TrialCache cache = new TrialCache(storage, name);
        LostTrials lost = new LostTrials(storage, name, heartbeatGrace);
        List<Trial> trials = lost.reclaim(cache, cache.refresh(), current.get());
        listener.studyStarted(name, budget, StudyBudget.counted(trials), best(spec, trials));
        int ran = 0;
        StopReason stop;
        Thread hook = new Thread(this::markCurrentInterrupted, "liandan-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        Duration poll = POLL_EVERY.compareTo(heartbeatGrace.dividedBy(4)) < 0 ? POLL_EVERY : heartbeatGrace.dividedBy(4);
        StudySpec previous = spec;
        try (Heartbeat heart = Heartbeat.start(storage, name, heartbeatGrace, this::running, log)) {
            while (true) {
                StudySpec now = space == null ? spec : withSpace(spec, space.apply(cache.trials()), previous);
                previous = now;
                Next.Taken taken = storage.decideNext(name,
                        reader -> policy.decide(now, cache.refresh(reader), budget, Instant.now()));
                Next.Kind kind = taken.next().kind();
                if (kind == Next.Kind.STOP) {
                    stop = taken.next().reason();
                    break;
                }
                if (kind == Next.Kind.WAIT) {
                    // Every remaining trial is RUNNING elsewhere: wait, in case one of them is lost.
                    sleep(poll);
                    lost.reclaim(cache, cache.refresh(), current.get());
                } else if (runOne(spec, taken.trial(), pruner, cache)) {
                    ran++;
                    lost.reclaim(cache, cache.trials(), current.get()); // runOne has just refreshed the cache
                } else {
                    lost.reclaim(cache, cache.refresh(), current.get());
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook is running or has run
            }
        }
        StudyResult result = StudyResult.of(name, budget, cache.refresh(), ran, spec.objective().direction(), stop);
        listener.studyEnded(result);
        return result;
    }

    /** {@code spec} with {@code space}: {@code previous} itself when it has that very space (a define-by-run space rarely changes). */
    private static StudySpec withSpace(StudySpec spec, Space space, StudySpec previous) {
        if (previous.space() == space) {
            return previous;
        }
        return spec.withSpace(space);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for other workers", e);
        }
    }

    /**
     * Runs one trial and records how it ended; false when another worker had already ended it
     * (reclaimed as lost while it ran here): then its result is dropped and it counts for nothing.
     */
    private boolean runOne(StudySpec spec, Trial trial, Pruner pruner, TrialCache cache) {
        String name = spec.name();
        current.set(trial);
        listener.trialStarted(trial);
        TrialOutcome outcome;
        int[] epochs = {0};
        try {
            // created by the backend when it writes there: a trial that writes nothing costs no folder
            Path dir = layout.trialDir(trial.number());
            EpochListener epochListener = (epoch, metrics) -> {
                epochs[0] = epoch;
                Double value = metrics.get(spec.objective().metric());
                if (value != null && Double.isFinite(value)) {
                    storage.reportIntermediate(name, trial.number(), epoch, value);
                }
                listener.epochEnded(trial, epoch, metrics);
                // false: the backend stops and reports the trial PRUNED at this epoch
                return !PruneCheck.stop(cache, spec, pruner, trial, epoch);
            };
            outcome = backend.run(new TrialRequest(spec, trial.number(), trial.params(), trial.seed(), dir, epochListener));
            if (outcome == null) {
                outcome = TrialOutcome.failed("the backend returned no outcome", epochs[0]);
            }
        } catch (UserError | IOException | StudyAborted e) {
            java.util.Optional<String> full = dev.liandan.core.DiskFull.in(e);
            if (full.isPresent()) {
                // not the trial's fault: recorded as interrupted (re-run later), if storage can still write
                try {
                    storage.finishTrial(name, trial.number(), TrialState.FAILED, null, Map.of(), epochs[0],
                            LostTrials.INTERRUPTED);
                } catch (RuntimeException stillFull) {
                    // left RUNNING: the next start takes it for a dead worker's trial, just the same
                }
                current.set(null);
                throw new UserError(dev.liandan.core.DiskFull.line(full.get()), e);
            }
            // bad data or an unwritable results folder: every trial would fail the same way, so stop the sweep
            Throwable why = e instanceof StudyAborted ? e.getCause() : e;
            storage.finishTrial(name, trial.number(), TrialState.FAILED, null, Map.of(), epochs[0], FailureReason.of(why));
            current.set(null);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            outcome = TrialOutcome.failed(FailureReason.of(e), epochs[0]);
        }
        Map<String, Double> metrics = outcome.metrics() == null ? Map.of() : new HashMap<>(outcome.metrics());
        boolean recorded = storage.finishTrial(name, trial.number(), outcome.state(), outcome.value(), metrics,
                outcome.epochs(), outcome.failReason());
        current.set(null);
        List<Trial> trials = cache.refresh();
        Trial done = cache.trial(trial.number());
        if (!recorded) {
            log.accept("liandan: trial " + trial.number() + " of study '" + name + "' was ended by another worker ("
                    + (done == null ? "unknown" : done.state() + (done.failReason() == null ? "" : ": " + done.failReason()))
                    + ") while it ran here, as its heartbeat was older than the grace period; its result ("
                    + outcome.state() + ") is dropped, the study goes on");
            return false;
        }
        listener.trialFinished(done, StudyBudget.counted(trials), best(spec, trials));
        return true;
    }

    private List<Integer> running() {
        Trial t = current.get();
        return t == null ? List.of() : List.of(t.number());
    }

    /** Shutdown hook (Ctrl-C, SIGTERM): the trial in flight is recorded as interrupted. */
    private void markCurrentInterrupted() {
        Trial t = current.getAndSet(null);
        if (t != null && studyName != null) {
            storage.finishTrial(studyName, t.number(), TrialState.FAILED, null, Map.of(), 0, LostTrials.INTERRUPTED);
        }
    }

    /** The study's best value so far, or null. */
    private static Double best(StudySpec spec, List<Trial> trials) {
        return Ranking.best(trials, spec.objective().direction()).map(Trial::value).orElse(null);
    }
}
