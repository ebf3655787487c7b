package dev.liandan.pruner;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.sampler.Pareto;

import java.util.ArrayList;
import java.util.List;

/**
 * Asynchronous successive halving for a study of several objectives: at each rung (as {@link AshaPruner}:
 * epoch {@code min_resource * eta^(s + k)}), the trials that reached it are sorted into Pareto
 * fronts of their rung vectors, and a trial goes on unless at least {@code max(1, floor(n / eta))}
 * of the n trials there lie on better fronts (ties go on, as in ASHA). With one objective this is
 * ASHA itself.
 *
 * <p>The rung vector of a trial: the first objective's best value up to the rung's epoch (the
 * only objective a backend reports every epoch), and each other objective's value where the
 * trial has finished with it (a COMPLETE or PRUNED trial's stored metric, such as {@code params}).
 * Where it is not known yet (always so for the running trial being judged: its costs are measured
 * after training), it counts as the best value known at that rung: a trial is stopped only when
 * enough peers would beat it even if it turned out best in every objective it has not reported.
 * So a trial is never stopped for a cost it has not paid, and a small network is not stopped by
 * larger ones that are merely more accurate so far.
 */
public final class ParetoAshaPruner implements Pruner {
    private final SuccessiveHalving halving;

    public ParetoAshaPruner() {
        this(new SuccessiveHalving(1, 3, 0));
    }

    ParetoAshaPruner(SuccessiveHalving halving) {
        this.halving = halving;
    }

    @Override
    public String name() {
        return "pareto_asha";
    }

    @Override
    public boolean severalObjectives() {
        return true;
    }

    @Override
    public Pruner configure(PrunerOptions o) {
        return new ParetoAshaPruner(new SuccessiveHalving(o.integer("min_resource", 1, 1),
                o.integer("reduction_factor", 3, 2), o.integer("min_early_stopping_rate", 0, 0)));
    }

    @Override
    public boolean prune(PruneRequest r) {
        int epoch = r.epoch();
        if (halving.rungAt(epoch) < 0 || (r.maxEpochs() > 0 && epoch >= r.maxEpochs())) {
            return false;
        }
        List<Direction> directions = r.directions();
        double[] own = rungVector(r.trial(), epoch, directions);
        if (own == null) {
            return false;
        }
        List<double[]> vectors = new ArrayList<>();
        vectors.add(own);
        for (Observation o : r.others()) {
            if (o.state() == TrialState.FAILED || o.intermediates().size() < epoch) {
                continue;
            }
            double[] v = rungVector(o, epoch, directions);
            if (v != null) {
                vectors.add(v);
            }
        }
        fillUnknown(vectors, directions);
        int[] front = Pareto.ranks(vectors, directions);
        int better = 0;
        for (int i = 1; i < front.length; i++) {
            better += front[i] < front[0] ? 1 : 0;
        }
        return better >= halving.quota(vectors.size());
    }

    /** The trial's rung vector, NaN where an objective is not known; null without a value at the rung. */
    private static double[] rungVector(Observation o, int epoch, List<Direction> directions) {
        Double first = Intermediates.best(o.intermediates(), epoch, directions.get(0));
        if (first == null) {
            return null;
        }
        double[] v = new double[directions.size()];
        v[0] = first;
        boolean finished = o.state() == TrialState.COMPLETE || o.state() == TrialState.PRUNED;
        for (int k = 1; k < v.length; k++) {
            Double x = finished && o.values() != null && o.values().size() > k ? o.values().get(k) : null;
            v[k] = x != null && Double.isFinite(x) ? x : Double.NaN;
        }
        return v;
    }

    /** Each unknown value becomes the best known value of its objective at the rung (0 where none is known). */
    private static void fillUnknown(List<double[]> vectors, List<Direction> directions) {
        for (int k = 1; k < directions.size(); k++) {
            double best = Double.NaN;
            for (double[] v : vectors) {
                if (!Double.isNaN(v[k]) && (Double.isNaN(best) || directions.get(k).better(v[k], best))) {
                    best = v[k];
                }
            }
            for (double[] v : vectors) {
                if (Double.isNaN(v[k])) {
                    v[k] = Double.isNaN(best) ? 0 : best;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "pareto_asha(min_resource=" + halving.minResource() + ", reduction_factor=" + halving.eta()
                + ", min_early_stopping_rate=" + halving.rate() + ")";
    }
}
