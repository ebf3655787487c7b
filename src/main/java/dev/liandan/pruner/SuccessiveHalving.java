package dev.liandan.pruner;

import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Asynchronous successive halving (ASHA; Li et al. 2020, "A System for Massively Parallel
 * Hyperparameter Tuning", Algorithm 2) in its stopping form, as Optuna's
 * {@code SuccessiveHalvingPruner}: rung k sits at epoch {@code min_resource * eta^(s + k)}
 * (s: the minimum early-stopping rate, 0 for plain ASHA); a trial that reaches a rung goes on only
 * if it is among the best {@code max(1, floor(n / eta))} of the n trials that have reached that
 * rung so far, itself included. No trial waits for others, so the decision is asynchronous: early
 * trials are judged against few peers, later ones against many.
 *
 * <p>A trial's value at a rung is its best value up to that epoch (the backend keeps a trial's best
 * epoch, so that is what a continued trial is worth); ties with the cut-off go on. FAILED trials
 * are no peers (an interrupted one is re-run and would count twice).
 *
 * @param minResource  epochs before the first rung, r
 * @param eta          the reduction factor: 1 in eta trials goes on at each rung
 * @param rate         the minimum early-stopping rate s: the first rung is at r * eta^s
 */
record SuccessiveHalving(int minResource, int eta, int rate) {

    /** The rung index k whose epoch is exactly {@code epoch}, or -1 when the epoch is no rung. */
    int rungAt(int epoch) {
        long r = minResource;
        for (int i = 0; i < rate && r <= epoch; i++) {
            r *= eta;
        }
        for (int k = 0; r <= epoch; k++, r *= eta) {
            if (r == epoch) {
                return k;
            }
        }
        return -1;
    }

    /** The epochs of the rungs below {@code maxEpochs}: those where a trial can be stopped. */
    List<Integer> rungs(int maxEpochs) {
        List<Integer> out = new ArrayList<>();
        for (int e = 1; e < maxEpochs; e++) {
            if (rungAt(e) >= 0) {
                out.add(e);
            }
        }
        return out;
    }

    /** How many of {@code n} trials at a rung go on: the top 1/eta, at least one. */
    int quota(int n) {
        return Math.max(1, n / eta);
    }

    /** Whether the request's trial should stop, comparing it with the peers that {@code peer} accepts. */
    boolean prune(PruneRequest r, Predicate<Observation> peer) {
        int epoch = r.epoch();
        if (rungAt(epoch) < 0 || (r.maxEpochs() > 0 && epoch >= r.maxEpochs())) {
            return false;
        }
        Double own = Intermediates.best(r.trial().intermediates(), epoch, r.direction());
        if (own == null) {
            return false;
        }
        int n = 1;
        int better = 0;
        for (Observation o : r.others()) {
            if (o.state() == TrialState.FAILED || o.intermediates().size() < epoch || !peer.test(o)) {
                continue;
            }
            Double v = Intermediates.best(o.intermediates(), epoch, r.direction());
            if (v == null) {
                continue;
            }
            n++;
            if (r.direction().better(v, own)) {
                better++;
            }
        }
        // the trial is in the top `quota` unless at least `quota` peers are strictly better
        return better >= quota(n);
    }
}
