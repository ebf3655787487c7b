package dev.liandan.pruner;

import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PASHA, progressive ASHA (Bohdal, Balles, Wistuba, Ermis, Archambeau and Zappella, "PASHA:
 * Efficient HPO and NAS with Progressive Resource Allocation", ICLR 2023), in the stopping form of
 * this project's ASHA ({@link SuccessiveHalving}): ASHA's rungs at {@code min_resource * eta^k},
 * but a trial may only climb to the current top rung, which starts at the second rung and rises by
 * one rung only when the ranking of the trials in the two highest rungs reached so far disagrees
 * (the ranking has not yet settled, so more resource is needed to tell the best apart). A trial
 * that reaches the current top rung stops there; a trial below it is judged as ASHA judges it.
 * When the rankings keep agreeing, the search never spends full training on many trials: that is
 * where PASHA saves time over ASHA.
 *
 * <p>The top rung is computed from the history alone, so it is stateless and the same on every
 * worker: the highest rung any trial has reached (at least rung 1), plus one when the trials at that
 * rung are ranked differently there than at the rung below. Rankings are soft, as in the paper:
 * values closer than epsilon count as tied; epsilon is the {@code epsilon_percentile} (default 90)
 * percentile of how much a trial's value moves from one epoch to the next, over the trials so far,
 * an estimate of the noise that should not decide a ranking.
 *
 * <p>Options: {@code min_resource} (default 1), {@code reduction_factor} (eta, default 3) and
 * {@code epsilon_percentile} (0–100, default 90).
 */
public final class PashaPruner implements Pruner {
    private final SuccessiveHalving halving;
    private final int epsilonPercentile;

    public PashaPruner() {
        this(new SuccessiveHalving(1, 3, 0), 90);
    }

    PashaPruner(SuccessiveHalving halving, int epsilonPercentile) {
        this.halving = halving;
        this.epsilonPercentile = epsilonPercentile;
    }

    @Override
    public String name() {
        return "pasha";
    }

    @Override
    public Pruner configure(PrunerOptions o) {
        SuccessiveHalving h = new SuccessiveHalving(o.integer("min_resource", 1, 1), o.integer("reduction_factor", 3, 2), 0);
        int percentile = o.integer("epsilon_percentile", 90, 0);
        if (percentile > 100) {
            throw new dev.liandan.core.UserError("search.pruner.epsilon_percentile: expected an integer from 0 to 100, got "
                    + percentile);
        }
        return new PashaPruner(h, percentile);
    }

    @Override
    public boolean prune(PruneRequest r) {
        int epoch = r.epoch();
        int rung = halving.rungAt(epoch);
        if (rung < 0 || (r.maxEpochs() > 0 && epoch >= r.maxEpochs())) {
            return false;
        }
        if (rung >= topRung(r)) {
            return true;
        }
        return halving.prune(r, peer -> true);
    }

    /** The epoch of rung k. */
    private long rungEpoch(int k) {
        long e = halving.minResource();
        for (int i = 0; i < k; i++) {
            e *= halving.eta();
        }
        return e;
    }

    /** The rung a trial may reach now: the highest reached (at least 1), one more while rankings disagree. */
    int topRung(PruneRequest r) {
        List<Observation> all = new ArrayList<>(r.others());
        all.add(r.trial());
        int highest = 1;
        for (Observation o : all) {
            if (o.state() == TrialState.FAILED) {
                continue;
            }
            for (int k = highest + 1; rungEpoch(k) <= o.intermediates().size(); k++) {
                highest = k;
            }
        }
        return rankingsAgree(all, highest, r) ? highest : highest + 1;
    }

    /** Whether the trials that reached rung {@code k} are ranked alike at rung k and at rung k - 1. */
    boolean rankingsAgree(List<Observation> all, int k, PruneRequest r) {
        int top = (int) rungEpoch(k);
        int below = (int) rungEpoch(k - 1);
        List<double[]> pairs = new ArrayList<>();
        for (Observation o : all) {
            if (o.state() == TrialState.FAILED || o.intermediates().size() < top) {
                continue;
            }
            Double atTop = Intermediates.best(o.intermediates(), top, r.direction());
            Double atBelow = Intermediates.best(o.intermediates(), below, r.direction());
            if (atTop != null && atBelow != null) {
                pairs.add(new double[]{atTop, atBelow});
            }
        }
        double epsilon = epsilon(all);
        for (int i = 0; i < pairs.size(); i++) {
            for (int j = i + 1; j < pairs.size(); j++) {
                int orderTop = softCompare(pairs.get(i)[0], pairs.get(j)[0], epsilon);
                int orderBelow = softCompare(pairs.get(i)[1], pairs.get(j)[1], epsilon);
                if (orderTop != 0 && orderBelow != 0 && orderTop != orderBelow) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int softCompare(double a, double b, double epsilon) {
        return Math.abs(a - b) <= epsilon ? 0 : Double.compare(a, b);
    }

    /** The chosen percentile of |value(e) - value(e - 1)| over every trial's successive epochs. */
    double epsilon(List<Observation> all) {
        List<Double> moves = new ArrayList<>();
        for (Observation o : all) {
            List<Double> v = o.intermediates();
            for (int e = 2; e <= v.size(); e++) {
                Double a = Intermediates.at(v, e);
                Double b = Intermediates.at(v, e - 1);
                if (a != null && b != null) {
                    moves.add(Math.abs(a - b));
                }
            }
        }
        if (moves.isEmpty()) {
            return 0;
        }
        double[] m = moves.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(m);
        return m[(int) Math.min(m.length - 1, Math.floor(epsilonPercentile / 100.0 * m.length))];
    }

    @Override
    public String toString() {
        return "pasha(min_resource=" + halving.minResource() + ", reduction_factor=" + halving.eta()
                + ", epsilon_percentile=" + epsilonPercentile + ")";
    }
}
