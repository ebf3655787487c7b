package dev.liandan.api;

import dev.liandan.core.Direction;
import dev.liandan.core.Seeds;
import dev.liandan.space.CategoricalParam;
import dev.liandan.space.SearchableParam;
import dev.liandan.study.EpochListener;
import dev.liandan.study.StudyStorage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One running trial of a study, as an objective sees it: it suggests parameter values, takes
 * intermediate reports, says when the pruner would stop it, and keeps user attributes.
 *
 * <p>A parameter's value comes from the study's sampler when the study already knew the
 * parameter when this trial started (the sampler saw it in earlier trials); a parameter met for
 * the first time is drawn uniformly at random, from a seed of the trial and the parameter's
 * name, so a sequential run with the same seed suggests the same values. Asking for the same
 * name twice with the same distribution returns the same value; with another distribution it is
 * an error ({@link dev.liandan.core.UserError}), in this trial or in any trial of the study.
 *
 * <p>A trial is used from the thread that runs its objective; it is not meant to be shared.
 */
public final class Trial {
    /** What a trial needs of its study. */
    record Context(StudyStorage storage, String study, KnownSpace space, String metric, Direction direction) {
    }

    private final Context context;
    private final int number;
    private final long seed;
    private final Map<String, Object> proposal;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Distribution> asked = new LinkedHashMap<>();
    private final EpochListener listener;
    private final Path artifactDir;
    private final List<Double> reported = new ArrayList<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private int lastEpoch;
    private boolean prune;

    Trial(Context context, int number, long seed, Map<String, Object> proposal, EpochListener listener, Path artifactDir) {
        this.context = context;
        this.number = number;
        this.seed = seed;
        this.proposal = proposal;
        this.listener = listener;
        this.artifactDir = artifactDir;
    }

    /** The trial's number in its study (0, 1, ...). */
    public int number() {
        return number;
    }

    /** The seed for whatever is random in this trial (weight initialisation, shuffling): fixed by the study's seed. */
    public long seed() {
        return seed;
    }

    /** The parameters suggested so far, in the order they were asked for. */
    public Map<String, Object> params() {
        return Collections.unmodifiableMap(params);
    }

    /**
     * Where this trial may keep files ({@code <results>/<study>/trials/<number>/}, created by the
     * first writer), or empty when the study keeps no results folder (an in-memory study).
     */
    public Optional<Path> artifactDir() {
        return Optional.ofNullable(artifactDir);
    }

    /** A real number, uniform on [low, high]. */
    public double suggestFloat(String name, double low, double high) {
        return suggestFloat(name, low, high, false);
    }

    /** A real number on [low, high], log-uniform when {@code log} (learning rates, weight decay). */
    public double suggestFloat(String name, double low, double high, boolean log) {
        return ((Number) suggest(name, Distribution.floats(low, high, log, null))).doubleValue();
    }

    /** A real number on the grid low, low + step, ... up to high. */
    public double suggestFloat(String name, double low, double high, double step) {
        return ((Number) suggest(name, Distribution.floats(low, high, false, step))).doubleValue();
    }

    /** An integer, uniform on [low, high]. */
    public int suggestInt(String name, int low, int high) {
        return suggestInt(name, low, high, false);
    }

    /** An integer on [low, high], log-uniform when {@code log} (layer widths). */
    public int suggestInt(String name, int low, int high, boolean log) {
        return ((Number) suggest(name, Distribution.ints(low, high, log, 1))).intValue();
    }

    /** An integer among low, low + step, ... up to high. */
    public int suggestInt(String name, int low, int high, int step) {
        return ((Number) suggest(name, Distribution.ints(low, high, false, step))).intValue();
    }

    /** One of {@code choices} (strings, numbers or booleans): the very object of the list. */
    public <T> T suggestCategorical(String name, List<T> choices) {
        Distribution d = Distribution.choice(choices);
        Object v = suggest(name, d);
        CategoricalParam p = (CategoricalParam) context.space().register(name, d); // the one suggest used
        return choices.get(p.indexOf(v));
    }

    /**
     * The value of {@code name} drawn from {@code distribution}: what the {@code suggest*} methods
     * call. Returns a Double, a Long, or one of the choices as stored (Long for integers).
     */
    public synchronized Object suggest(String name, Distribution distribution) {
        if (name == null || name.isBlank() || name.startsWith(" ")) {
            throw new IllegalArgumentException("a parameter needs a name that does not start with a space, got '" + name + "'");
        }
        Distribution before = asked.get(name);
        if (before != null) {
            if (!Distribution.same(before, distribution)) {
                throw new dev.liandan.core.UserError("parameter '" + name + "' was asked for as " + before.describe()
                        + " in trial " + number + " and now as " + distribution.describe()
                        + ": a parameter keeps one distribution in a study (give the other one a new name)");
            }
            return params.get(name);
        }
        SearchableParam p = context.space().register(name, distribution);
        Object v = proposal.get(name);
        if (v == null || !p.contains(v)) {
            // Met for the first time (or added by another worker after this trial started): drawn on its own.
            v = p.fromUnit(new SplittableRandom(Seeds.mix(seed, name.hashCode())).nextDouble());
        }
        asked.put(name, distribution);
        params.put(name, v);
        return v;
    }

    /**
     * Reports the objective after {@code epoch} (1, 2, ...): it is stored as the trial's
     * intermediate value, shown in reports, and read by the study's pruner. In a study of several
     * objectives it is the first objective's value (as a sweep reports its first objective each
     * epoch); the others are final values only.
     */
    public synchronized void report(int epoch, double value) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs count from 1, got " + epoch);
        }
        lastEpoch = Math.max(lastEpoch, epoch);
        reported.add(value);
        if (!listener.epochEnded(epoch, Map.of(context.metric(), value))) {
            prune = true;
        }
    }

    /**
     * True when the study's pruner would stop this trial after its last report: the objective
     * should then throw {@link TrialPruned}.
     */
    public synchronized boolean shouldPrune() {
        return prune;
    }

    /**
     * Records a final metric of this trial ({@code params}, {@code latency_ms}, ...), stored with it
     * when it ends COMPLETE or PRUNED, as a sweep's trial keeps the metrics its backend measured: the
     * leaderboard shows it, and the study's constraints ({@link Study.Builder#constraints}) may bound
     * it. In a study of several objectives a PRUNED trial keeps the objectives set here (the pruner
     * {@code pareto_asha} then compares them); a COMPLETE trial's returned values replace them. The
     * first objective is the trial's value and cannot be set here.
     */
    public synchronized void setMetric(String name, double value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        if (name.equals(context.metric())) {
            throw new IllegalArgumentException("'" + name + "' is the study's first objective: return it from the"
                    + " objective, or report it per epoch with report()");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric '" + name + "' must be finite, got " + value);
        }
        metrics.put(name, value);
    }

    /** The metrics set with {@link #setMetric}, in the order they were first set. */
    synchronized Map<String, Double> setMetrics() {
        return new LinkedHashMap<>(metrics);
    }

    /** Keeps a value (anything Jackson writes as JSON) with the trial; read back by {@link FrozenTrial#userAttributes()}. */
    public void setUserAttribute(String key, Object value) {
        UserAttributes.set(context.storage(), context.study(), number, key, value);
    }

    /** Whether the study maximises or minimises its (first) objective. */
    public Direction direction() {
        return context.direction();
    }

    /** The last epoch reported, or 0. */
    synchronized int lastEpoch() {
        return lastEpoch;
    }

    /** The best finite value reported, or null: what a PRUNED trial keeps. */
    synchronized Double bestReported() {
        Double best = null;
        for (double v : reported) {
            if (Double.isFinite(v) && (best == null || context.direction().better(v, best))) {
                best = v;
            }
        }
        return best;
    }

    /** The parameters as stored: the suggested ones. */
    synchronized Map<String, Object> storedParams() {
        return new LinkedHashMap<>(params);
    }

    /** Whether the trial suggested exactly {@code proposal}: the same names in the same order with equal values. */
    synchronized boolean suggestedExactly(Map<String, Object> proposal) {
        if (proposal.size() != params.size()) {
            return false;
        }
        java.util.Iterator<Map.Entry<String, Object>> theirs = proposal.entrySet().iterator();
        for (Map.Entry<String, Object> mine : params.entrySet()) {
            Map.Entry<String, Object> other = theirs.next();
            if (!mine.getKey().equals(other.getKey()) || !java.util.Objects.equals(mine.getValue(), other.getValue())) {
                return false;
            }
        }
        return true;
    }
}
