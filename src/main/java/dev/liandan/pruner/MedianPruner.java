package dev.liandan.pruner;

import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median stopping (Golovin et al. 2017, "Google Vizier", section 3.2.2), as Optuna's
 * {@code MedianPruner}: after an epoch, stop the trial when its best value so far is strictly
 * worse than the median of the values that the COMPLETE trials reported at the same epoch.
 *
 * <p>Options: {@code n_startup_trials} (no pruning until that many trials are COMPLETE; default
 * 5), {@code n_warmup_steps} (no pruning in a trial's first that many epochs; default 0),
 * {@code interval_steps} (after the warm-up, judge every that many epochs; default 1) and
 * {@code n_min_trials} (judge an epoch only when at least that many COMPLETE trials reported it;
 * default 1). Only COMPLETE trials make the median, as in Optuna: a PRUNED trial was stopped for
 * being bad, and counting it would pull the median down and let more bad trials through.
 */
public final class MedianPruner implements Pruner {
    private final int startupTrials;
    private final int warmupSteps;
    private final int intervalSteps;
    private final int minTrials;

    public MedianPruner() {
        this(5, 0, 1, 1);
    }

    MedianPruner(int startupTrials, int warmupSteps, int intervalSteps, int minTrials) {
        this.startupTrials = startupTrials;
        this.warmupSteps = warmupSteps;
        this.intervalSteps = intervalSteps;
        this.minTrials = minTrials;
    }

    @Override
    public String name() {
        return "median";
    }

    @Override
    public Pruner configure(PrunerOptions o) {
        return new MedianPruner(o.integer("n_startup_trials", 5, 0), o.integer("n_warmup_steps", 0, 0),
                o.integer("interval_steps", 1, 1), o.integer("n_min_trials", 1, 1));
    }

    @Override
    public boolean prune(PruneRequest r) {
        int step = r.epoch() - 1; // Optuna's steps count from 0; the first epoch is step 0
        if (step < warmupSteps || (step - warmupSteps) % intervalSteps != 0) {
            return false;
        }
        List<Observation> complete = r.others().stream().filter(o -> o.state() == TrialState.COMPLETE).toList();
        if (complete.size() < startupTrials) {
            return false;
        }
        Double best = Intermediates.best(r.trial().intermediates(), r.epoch(), r.direction());
        if (best == null) {
            return false;
        }
        List<Double> atStep = new ArrayList<>();
        for (Observation o : complete) {
            Double v = Intermediates.at(o.intermediates(), r.epoch());
            if (v != null) {
                atStep.add(v);
            }
        }
        if (atStep.isEmpty() || atStep.size() < minTrials) {
            return false;
        }
        return r.direction().better(median(atStep), best);
    }

    /** The middle value, or the mean of the two middle values (numpy's median). */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    @Override
    public String toString() {
        return "median(n_startup_trials=" + startupTrials + ", n_warmup_steps=" + warmupSteps
                + ", interval_steps=" + intervalSteps + ", n_min_trials=" + minTrials + ")";
    }
}
