package dev.liandan.study;

import dev.liandan.pruner.Pruner;
import dev.liandan.pruner.Pruners;
import dev.liandan.sampler.SampleRequest;
import dev.liandan.sampler.Sampler;
import dev.liandan.sampler.Samplers;
import dev.liandan.core.Seeds;
import dev.liandan.core.TrialState;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

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
 * those are recorded FAILED with reason {@value #INTERRUPTED} (Ctrl-C, or a worker process on
 * this host that is gone) or {@value #WORKER_LOST} (a heartbeat older than the grace period) and
 * re-run with the same configuration and seed, up to {@code search.retries} times, so a resumed
 * study proposes the same trials as an uninterrupted one. The decision to start a trial is taken
 * under the study's lock in storage ({@link StudyStorage#next}), counting the RUNNING trials of
 * every worker, so that exactly the budget finishes however many workers run.
 *
 * <p>A wall-time budget ({@code search.time_budget}, {@code --time-budget}) works as Optuna's
 * {@code timeout}: no trial starts once it has passed, counted from the start of the study's first
 * trial as stored (so it holds across workers and resumes); trials already running finish.
 *
 * <p>The worker keeps a {@link TrialCache}: finished trials are read once, so each trial costs the
 * storage reads of the new and unfinished trials only, however long the study.
 *
 * <p>Heartbeats come from a daemon thread of their own, every {@link #heartbeatEvery()} (at most
 * a fifth of the grace period), whatever the training thread does, through a storage connection
 * of their own where the storage gives one ({@link StudyStorage#forHeartbeats()}), so that no
 * storage call of the training thread holds them back. Should another worker still
 * reclaim this worker's trial (a host stalled past the grace period), finishing it changes
 * nothing: the worker says so in one line and goes on; the trial does not count twice.
 */
public final class StudyRunner {
    public static final String INTERRUPTED = "interrupted";
    public static final String WORKER_LOST = "worker lost";
    /** The stop reason of a run that ended because the study's wall-time budget had passed. */
    public static final String TIME_BUDGET = "time budget";
    /**
     * A RUNNING trial whose heartbeat is older than this is taken as lost, unless told otherwise
     * ({@code --heartbeat-grace}): 12 heartbeats, so that a loaded host that misses several
     * (a long GC pause, a busy database) is not taken for a dead one.
     */
    public static final Duration DEFAULT_HEARTBEAT_GRACE = Duration.ofSeconds(60);
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);
    /** The grace period holds at least this many heartbeats, however short it is set. */
    static final int BEATS_PER_GRACE = 5;
    /** How often a worker with nothing to start looks again (other workers' trials may fail). */
    static final Duration POLL_EVERY = Duration.ofSeconds(1);
    /** Study attributes that {@link #prepare} records, so a joining worker runs the same budget and seed. */
    public static final String ATTRIBUTE_TRIALS = "search.trials";
    public static final String ATTRIBUTE_SEED = "search.seed";
    /** The wall-time budget as an ISO-8601 duration, or {@value #NO_TIME_BUDGET}. */
    public static final String ATTRIBUTE_TIME_BUDGET = "search.time_budget";
    public static final String NO_TIME_BUDGET = "none";

    private final StudyStorage storage;
    private final TrialBackend backend;
    private final Path studyDir;
    private final StudyListener listener;
    private String worker = WorkerId.current();
    private Duration heartbeatGrace = DEFAULT_HEARTBEAT_GRACE;
    private final AtomicReference<Trial> current = new AtomicReference<>();
    private volatile String studyName;
    /** Where heartbeats go during {@link #run}: {@link StudyStorage#forHeartbeats()} of the storage. */
    private volatile StudyStorage beats;
    private Consumer<String> log = System.err::println;

    /**
     * @param studyDir where the trials' artifacts go ({@code trials/<number>/} below it)
     */
    public StudyRunner(StudyStorage storage, TrialBackend backend, Path studyDir, StudyListener listener) {
        this.storage = storage;
        this.backend = backend;
        this.studyDir = studyDir;
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
        this.log = java.util.Objects.requireNonNull(lines);
        return this;
    }

    /**
     * Every 5 s, or a {@value #BEATS_PER_GRACE}th of a shorter grace period: a live worker must
     * miss at least {@value #BEATS_PER_GRACE} heartbeats in a row (12 with the default grace)
     * before its trial may be taken as lost.
     */
    Duration heartbeatEvery() {
        Duration part = heartbeatGrace.dividedBy(BEATS_PER_GRACE);
        return part.compareTo(HEARTBEAT_EVERY) < 0 ? part : HEARTBEAT_EVERY;
    }

    /** The study's sampler, after it has checked that it can search the space (a grid must be finite). */
    public static Sampler checkSampler(StudySpec spec) {
        Sampler sampler = Samplers.configured(spec.search());
        sampler.check(spec.space());
        return sampler;
    }

    /** The study's pruner with its options; an unknown name or option is a user error at its place. */
    public static Pruner checkPruner(StudySpec spec) {
        return Pruners.of(spec.pruner());
    }

    /** Creates the study if it is new, checks that it matches if it exists; never half-creates it. */
    public static void prepare(StudyStorage storage, StudySpec spec) {
        checkSampler(spec);
        checkPruner(spec);
        Optional<StudyRecord> existing = storage.findStudy(spec.name());
        if (existing.isEmpty()) {
            try {
                storage.createStudy(new StudyRecord(spec.name(), spec.sourceText(), spec.source().toString(),
                        spec.objective().metric(), spec.objective().direction(), Instant.now()));
            } catch (UserError raced) {
                // another process created it since our read (two sweeps started together): join it, if it matches
                existing = storage.findStudy(spec.name());
                if (existing.isEmpty()) {
                    throw raced;
                }
            }
        }
        if (existing.isPresent()) {
            Optional<String> differs = StudyMatch.difference(existing.get(), spec);
            if (differs.isPresent()) {
                throw new UserError("study '" + spec.name() + "' already exists with a different space file ("
                        + existing.get().spaceFile() + "; " + differs.get()
                        + "): rename the study or remove its results folder");
            }
        }
        storage.setStudyAttribute(spec.name(), ATTRIBUTE_TRIALS, Integer.toString(spec.search().trials()));
        storage.setStudyAttribute(spec.name(), ATTRIBUTE_SEED, Long.toString(spec.search().seed()));
        Duration time = spec.search().timeBudget();
        storage.setStudyAttribute(spec.name(), ATTRIBUTE_TIME_BUDGET, time == null ? NO_TIME_BUDGET : time.toString());
    }

    /**
     * Runs trials until {@code budget} of them are finished, the sampler has nothing left, or
     * the study's time budget has passed.
     */
    public StudyResult run(StudySpec spec, int budget) {
        prepare(storage, spec);
        Sampler sampler = checkSampler(spec);
        Pruner pruner = checkPruner(spec);
        String name = spec.name();
        studyName = name;
        TrialCache cache = new TrialCache(storage, name);
        List<Trial> trials = reclaimLostTrials(name, cache, cache.refresh());
        listener.studyStarted(name, budget, counted(trials), best(spec, trials).map(Trial::value).orElse(null));
        int ran = 0;
        String stop = "budget";
        Thread hook = new Thread(this::markCurrentInterrupted, "liandan-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "liandan-heartbeat");
            t.setDaemon(true);
            // it must run on time while training keeps every core busy
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        beats = heartbeatStorage();
        long every = heartbeatEvery().toMillis();
        heart.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
        try {
            while (true) {
                Next.Taken taken = storage.decideNext(name,
                        reader -> decide(spec, sampler, cache.refresh(reader), budget, Instant.now()));
                Next.Kind kind = taken.next().kind();
                if (kind == Next.Kind.STOP) {
                    stop = taken.next().reason();
                    break;
                }
                if (kind == Next.Kind.WAIT) {
                    // Every remaining trial is RUNNING elsewhere: wait, in case one of them is lost.
                    sleep(POLL_EVERY.compareTo(heartbeatGrace.dividedBy(4)) < 0 ? POLL_EVERY : heartbeatGrace.dividedBy(4));
                    reclaimLostTrials(name, cache, cache.refresh());
                } else if (runOne(spec, taken.trial(), pruner, cache)) {
                    ran++;
                    reclaimLostTrials(name, cache, cache.trials()); // runOne has just refreshed the cache
                } else {
                    reclaimLostTrials(name, cache, cache.refresh());
                }
            }
        } finally {
            heart.shutdownNow();
            closeHeartbeatStorage();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook is running or has run
            }
        }
        trials = cache.refresh();
        StudyResult result = new StudyResult(name, budget, counted(trials), ran, best(spec, trials).orElse(null), stop);
        listener.studyEnded(result);
        return result;
    }

    /**
     * When the study's first trial started (the earliest start of a trial that is not WAITING;
     * an enqueued trial's start is set when a worker claims it), or null before any.
     */
    public static Instant firstStart(List<Trial> trials) {
        Instant first = null;
        for (Trial t : trials) {
            if (t.state() != TrialState.WAITING && t.startedAt() != null
                    && (first == null || t.startedAt().isBefore(first))) {
                first = t.startedAt();
            }
        }
        return first;
    }

    /** True when the study has a time budget and it has passed at {@code now}. */
    public static boolean timeIsUp(StudySpec spec, List<Trial> trials, Instant now) {
        Duration time = spec.search().timeBudget();
        Instant first = time == null ? null : firstStart(trials);
        return first != null && !now.isBefore(first.plus(time));
    }

    /**
     * What to do next, from the trials as they are (read under the study's lock): stop when the
     * budget is spent; wait when the trials that count plus those RUNNING fill it; else re-run a
     * lost trial (while retries allow), claim the first enqueued one, or sample a new one. Once
     * the time budget has passed, nothing new starts: stop.
     */
    Next decide(StudySpec spec, Sampler sampler, List<Trial> trials, int budget, Instant now) {
        // One pass for the counts: this runs under the study's lock, once per trial.
        int counted = 0;
        int running = 0;
        int fresh = 0;
        boolean anyLost = false;
        Trial waiting = null;
        for (Trial t : trials) {
            boolean lost = isLost(t);
            anyLost |= lost;
            if (t.state().finished() && !lost) {
                counted++;
            } else if (t.state() == TrialState.RUNNING) {
                running++;
            } else if (t.state() == TrialState.WAITING && waiting == null) {
                waiting = t;
            }
            if (t.retryOf() == null) {
                fresh++;
            }
        }
        if (counted >= budget) {
            return Next.stop("budget");
        }
        if (timeIsUp(spec, trials, now)) {
            return Next.stop(TIME_BUDGET);
        }
        if (counted + running >= budget) {
            return Next.waitAWhile();
        }
        if (anyLost) {
            Map<Integer, Trial> byNumber = new HashMap<>();
            java.util.Set<Integer> retried = new java.util.HashSet<>();
            for (Trial t : trials) {
                byNumber.put(t.number(), t);
                if (t.retryOf() != null) {
                    retried.add(t.retryOf());
                }
            }
            for (Trial t : trials) {
                if (isLost(t) && !retried.contains(t.number()) && retriesBefore(t, byNumber) < spec.search().retries()) {
                    return Next.start(new NewTrial(t.params(), t.seed(), t.number(), worker));
                }
            }
        }
        if (waiting != null) {
            return Next.claim(waiting.number(), worker); // enqueued trials run first, in number order
        }
        int index = fresh;
        List<dev.liandan.core.Observation> history = new java.util.ArrayList<>(trials.size());
        for (Trial t : trials) {
            history.add(t.observation());
        }
        SampleRequest request = new SampleRequest(spec.space(), history, spec.objective().direction(),
                spec.search().seed(), index);
        long seed = Seeds.mix(spec.search().seed(), index) & 0x7fffffffL;
        return sampler.sample(request).map(params -> Next.start(new NewTrial(params, seed, null, worker)))
                .orElseGet(() -> Next.stop("exhausted"));
    }

    /** How many times {@code t}'s configuration was already re-run before it (its chain of retry_of). */
    private static int retriesBefore(Trial t, Map<Integer, Trial> byNumber) {
        int n = 0;
        for (Trial at = t; at.retryOf() != null && byNumber.containsKey(at.retryOf()) && n <= byNumber.size(); ) {
            at = byNumber.get(at.retryOf());
            n++;
        }
        return n;
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
            Path dir = studyDir.resolve("trials").resolve(Integer.toString(trial.number()));
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
        } catch (UserError | IOException e) {
            java.util.Optional<String> full = dev.liandan.core.DiskFull.in(e);
            if (full.isPresent()) {
                // not the trial's fault: recorded as interrupted (re-run later), if storage can still write
                try {
                    storage.finishTrial(name, trial.number(), TrialState.FAILED, null, Map.of(), epochs[0], INTERRUPTED);
                } catch (RuntimeException stillFull) {
                    // left RUNNING: the next start takes it for a dead worker's trial, just the same
                }
                current.set(null);
                throw new UserError(dev.liandan.core.DiskFull.line(full.get()), e);
            }
            // bad data or an unwritable results folder: every trial would fail the same way, so stop the sweep
            storage.finishTrial(name, trial.number(), TrialState.FAILED, null, Map.of(), epochs[0], reason(e));
            current.set(null);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (UserError) e;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            outcome = TrialOutcome.failed(reason(e), epochs[0]);
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
        listener.trialFinished(done, counted(trials), best(spec, trials).map(Trial::value).orElse(null));
        return true;
    }

    /**
     * A failure's reason in one line: the exception's kind and first message line, and its root cause's
     * when there is another (DL4J wraps, for instance, JavaCPP's out-of-memory error in "Error during
     * neural network forward pass", which alone says nothing of what went wrong).
     */
    public static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? oneLine(e) : oneLine(e) + "; caused by " + oneLine(root);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message.lines().findFirst().orElse("");
    }

    /**
     * Heartbeats get a storage (a connection) of their own where the storage has one to give, so
     * that a storage call of the training thread stuck on a lock (SQLite's busy time-out, a long
     * read) does not hold them back; if it cannot be opened, they share the worker's.
     */
    private StudyStorage heartbeatStorage() {
        try {
            return storage.forHeartbeats();
        } catch (RuntimeException e) {
            log.accept("liandan: heartbeats share the worker's storage connection: " + e.getMessage());
            return storage;
        }
    }

    private void closeHeartbeatStorage() {
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

    private void beat() {
        Trial t = current.get();
        if (t != null) {
            try {
                beats.heartbeat(studyName, t.number(), Instant.now());
            } catch (Throwable e) {
                // A missed heartbeat is harmless, the next one may succeed; but a throwable that
                // escaped would cancel every later beat (ScheduledExecutorService), so none may.
            }
        }
    }

    /** Shutdown hook (Ctrl-C, SIGTERM): the trial in flight is recorded as interrupted. */
    private void markCurrentInterrupted() {
        Trial t = current.getAndSet(null);
        if (t != null && studyName != null) {
            storage.finishTrial(studyName, t.number(), TrialState.FAILED, null, Map.of(), 0, INTERRUPTED);
        }
    }

    /**
     * RUNNING trials of other workers that are lost become FAILED: {@value #INTERRUPTED} when
     * their worker was a process on this host that is gone, {@value #WORKER_LOST} when their
     * heartbeat is older than the grace period, tested again inside the write
     * ({@link StudyStorage#failIfStale}). The state guard makes it harmless when several workers
     * do this at once. Returns the trials as they are afterwards.
     */
    private List<Trial> reclaimLostTrials(String study, TrialCache cache, List<Trial> trials) {
        Instant staleBefore = Instant.now().minus(heartbeatGrace);
        Trial mine = current.get();
        boolean changed = false;
        for (int number : cache.unfinishedNumbers()) {
            Trial t = cache.trial(number);
            if (t == null || t.state() != TrialState.RUNNING || (mine != null && mine.number() == t.number())) {
                continue;
            }
            if (WorkerId.isDeadLocalProcess(t.worker())) {
                changed |= storage.finishTrial(study, t.number(), TrialState.FAILED, null, Map.of(), t.epochs(), INTERRUPTED);
            } else if (t.heartbeat() == null || t.heartbeat().isBefore(staleBefore)) {
                // checked again in the write itself: a heartbeat since our read keeps the trial alive
                changed |= storage.failIfStale(study, t.number(), staleBefore, WORKER_LOST);
            }
        }
        return changed ? cache.refresh() : trials;
    }

    /** Ended by Ctrl-C or the death of its worker process on this host. */
    public static boolean isInterrupted(Trial t) {
        return t.state() == TrialState.FAILED && INTERRUPTED.equals(t.failReason());
    }

    /** Ended because its worker stopped ({@value #INTERRUPTED}, {@value #WORKER_LOST}): does not count. */
    public static boolean isLost(Trial t) {
        return t.state() == TrialState.FAILED && (INTERRUPTED.equals(t.failReason()) || WORKER_LOST.equals(t.failReason()));
    }

    /** Trials that count towards the budget. */
    public static int counted(List<Trial> trials) {
        // a plain loop: the worker counts after every trial, over the whole study
        int n = 0;
        for (Trial t : trials) {
            n += t.state().finished() && !isLost(t) ? 1 : 0;
        }
        return n;
    }

    private static int running(List<Trial> trials) {
        return (int) trials.stream().filter(t -> t.state() == TrialState.RUNNING).count();
    }

    /** The best COMPLETE trial by the objective; ties go to the lower number. */
    public static Optional<Trial> best(StudySpec spec, List<Trial> trials) {
        return Ranking.best(trials, spec.objective().direction());
    }
}
