package dev.liandan.study;

import dev.liandan.pruner.Pruner;
import dev.liandan.pruner.Pruners;
import dev.liandan.sampler.SampleRequest;
import dev.liandan.sampler.Sampler;
import dev.liandan.sampler.Samplers;
import dev.liandan.sampler.Seeds;
import dev.liandan.sampler.TrialState;
import dev.liandan.space.StudySpec;
import dev.liandan.space.UserError;

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

/**
 * The worker loop of one process: until the budget is spent, take the next configuration (an
 * interrupted trial to re-run first, else the sampler's proposal), start it in storage, run it
 * with a heartbeat, record how it ended. Everything it decides is read back from storage, so a
 * run killed at any point resumes where it stopped.
 *
 * <p>After each epoch the study's pruner may stop the trial: it is then recorded PRUNED with the
 * epochs it trained and its best value, and counts towards the budget and feeds the sampler like
 * any finished trial (but is not ranked: {@link Ranking} ranks COMPLETE trials only, as Optuna does).
 *
 * <p>The budget counts COMPLETE, PRUNED and FAILED trials, but not trials that were interrupted
 * (Ctrl-C, kill -9): those are recorded FAILED with reason {@value #INTERRUPTED} and re-run with
 * the same configuration and seed, so a resumed study proposes the same trials as an
 * uninterrupted one.
 */
public final class StudyRunner {
    public static final String INTERRUPTED = "interrupted";
    /** A RUNNING trial whose heartbeat is older than this is taken as lost. */
    static final Duration HEARTBEAT_GRACE = Duration.ofSeconds(60);
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);

    private final StudyStorage storage;
    private final TrialBackend backend;
    private final Path studyDir;
    private final StudyListener listener;
    private final String worker = WorkerId.current();
    private final AtomicReference<Trial> current = new AtomicReference<>();
    private volatile String studyName;

    /**
     * @param studyDir where the trials' artifacts go ({@code trials/<number>/} below it)
     */
    public StudyRunner(StudyStorage storage, TrialBackend backend, Path studyDir, StudyListener listener) {
        this.storage = storage;
        this.backend = backend;
        this.studyDir = studyDir;
        this.listener = listener;
    }

    /** The study's sampler (with its options), after it has checked that it can search the space (a grid must be finite). */
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
            storage.createStudy(new StudyRecord(spec.name(), spec.sourceText(), spec.source().toString(),
                    spec.objective().metric(), spec.objective().direction(), Instant.now()));
        } else if (!StudyMatch.sameStudy(existing.get(), spec)) {
            throw new UserError("study '" + spec.name() + "' already exists with a different space file ("
                    + existing.get().spaceFile() + "): rename the study or remove its results folder");
        }
    }

    /** Runs trials until {@code budget} of them are finished (or the sampler has nothing left). */
    public StudyResult run(StudySpec spec, int budget) {
        prepare(storage, spec);
        Sampler sampler = checkSampler(spec);
        Pruner pruner = checkPruner(spec);
        String name = spec.name();
        reclaimLostTrials(name);
        List<Trial> trials = storage.trials(name);
        listener.studyStarted(name, budget, counted(trials), best(spec, trials).map(Trial::value).orElse(null));
        int ran = 0;
        String stop = "budget";
        Thread hook = new Thread(this::markCurrentInterrupted, "liandan-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "liandan-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heart.scheduleAtFixedRate(this::beat, HEARTBEAT_EVERY.toMillis(), HEARTBEAT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            while (true) {
                trials = storage.trials(name);
                if (counted(trials) + running(trials) >= budget) {
                    break;
                }
                Optional<NewTrial> next = nextTrial(spec, sampler, trials);
                if (next.isEmpty()) {
                    stop = "exhausted";
                    break;
                }
                runOne(spec, next.get(), pruner);
                ran++;
            }
        } finally {
            heart.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook is running or has run
            }
        }
        trials = storage.trials(name);
        StudyResult result = new StudyResult(name, budget, counted(trials), ran, best(spec, trials).orElse(null), stop);
        listener.studyEnded(result);
        return result;
    }

    /** An interrupted trial not yet re-run, else a new configuration from the sampler. */
    private Optional<NewTrial> nextTrial(StudySpec spec, Sampler sampler, List<Trial> trials) {
        for (Trial t : trials) {
            if (isInterrupted(t) && trials.stream().noneMatch(o -> Integer.valueOf(t.number()).equals(o.retryOf()))) {
                return Optional.of(new NewTrial(t.params(), t.seed(), t.number(), worker));
            }
        }
        int index = (int) trials.stream().filter(t -> t.retryOf() == null).count();
        SampleRequest request = new SampleRequest(spec.space(), trials.stream().map(Trial::observation).toList(),
                spec.objective().direction(), spec.search().seed(), index);
        long seed = Seeds.mix(spec.search().seed(), index) & 0x7fffffffL;
        return sampler.sample(request).map(params -> new NewTrial(params, seed, null, worker));
    }

    private void runOne(StudySpec spec, NewTrial next, Pruner pruner) {
        String name = spec.name();
        Trial trial = storage.startTrial(name, next);
        current.set(trial);
        listener.trialStarted(trial);
        TrialOutcome outcome;
        int[] epochs = {0};
        try {
            Path dir = studyDir.resolve("trials").resolve(Integer.toString(trial.number()));
            Files.createDirectories(dir);
            EpochListener epochListener = (epoch, metrics) -> {
                epochs[0] = epoch;
                Double value = metrics.get(spec.objective().metric());
                if (value != null && Double.isFinite(value)) {
                    storage.reportIntermediate(name, trial.number(), epoch, value);
                }
                listener.epochEnded(trial, epoch, metrics);
                // false: the backend stops and reports the trial PRUNED at this epoch
                return !PruneCheck.stop(storage, spec, pruner, trial, epoch);
            };
            outcome = backend.run(new TrialRequest(spec, trial.number(), trial.params(), trial.seed(), dir, epochListener));
            if (outcome == null) {
                outcome = TrialOutcome.failed("the backend returned no outcome", epochs[0]);
            }
        } catch (UserError | IOException e) {
            // bad data or an unwritable results folder: every trial would fail the same way, so stop the sweep
            storage.finishTrial(name, trial.number(), TrialState.FAILED, null, Map.of(), epochs[0], reason(e));
            current.set(null);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (UserError) e;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            outcome = TrialOutcome.failed(reason(e), epochs[0]);
        }
        Map<String, Double> metrics = outcome.metrics() == null ? Map.of() : new HashMap<>(outcome.metrics());
        storage.finishTrial(name, trial.number(), outcome.state(), outcome.value(), metrics, outcome.epochs(),
                outcome.failReason());
        current.set(null);
        List<Trial> trials = storage.trials(name);
        Trial done = storage.trial(name, trial.number()).orElseThrow();
        listener.trialFinished(done, counted(trials), best(spec, trials).map(Trial::value).orElse(null));
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message.lines().findFirst().orElse("");
    }

    private void beat() {
        Trial t = current.get();
        if (t != null) {
            try {
                storage.heartbeat(studyName, t.number(), Instant.now());
            } catch (RuntimeException e) {
                // a missed heartbeat is harmless; the next one may succeed
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

    /** RUNNING trials whose worker process is gone or whose heartbeat is stale become FAILED (interrupted). */
    private void reclaimLostTrials(String study) {
        studyName = study;
        Instant staleBefore = Instant.now().minus(HEARTBEAT_GRACE);
        for (Trial t : storage.trials(study)) {
            if (t.state() != TrialState.RUNNING) {
                continue;
            }
            boolean stale = t.heartbeat() == null || t.heartbeat().isBefore(staleBefore);
            if (WorkerId.isDeadLocalProcess(t.worker()) || stale) {
                storage.finishTrial(study, t.number(), TrialState.FAILED, null, Map.of(), t.epochs(), INTERRUPTED);
            }
        }
    }

    public static boolean isInterrupted(Trial t) {
        return t.state() == TrialState.FAILED && INTERRUPTED.equals(t.failReason());
    }

    /** Trials that count towards the budget. */
    public static int counted(List<Trial> trials) {
        return (int) trials.stream().filter(t -> t.state().finished() && !isInterrupted(t)).count();
    }

    private static int running(List<Trial> trials) {
        return (int) trials.stream().filter(t -> t.state() == TrialState.RUNNING).count();
    }

    /** The best COMPLETE trial by the objective; ties go to the lower number. */
    public static Optional<Trial> best(StudySpec spec, List<Trial> trials) {
        return Ranking.ranked(trials, spec.objective().direction()).stream().findFirst();
    }
}
