package dev.liandan.pruner;

import dev.liandan.core.Observation;
import dev.liandan.core.Seeds;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband (Li et al. 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization", JMLR 18) on top of asynchronous successive halving, as Optuna's
 * {@code HyperbandPruner}: brackets s = 0 … s_max, where s_max is the largest s with
 * {@code min_resource * eta^s <= max_resource}; bracket s is ASHA with its first rung at
 * {@code min_resource * eta^s}, so bracket 0 stops most aggressively and bracket s_max (first rung
 * at the full budget when it divides evenly) never stops a trial. Hyperband hedges between them
 * because how early a trial's rank can be trusted is not known in advance.
 *
 * <p>Each trial belongs to one bracket, picked from a hash of the study's seed and the trial's
 * number, so every worker computes the same assignment without storing it; the brackets are
 * weighted by the number of configurations the paper's Algorithm 1 starts them with,
 * {@code ceil((s_max + 1) / (s_max - s + 1) * eta^(s_max - s))}, so each bracket spends a similar
 * budget. A trial is compared only with the trials of its own bracket.
 *
 * <p>Options: {@code min_resource} (default 1), {@code reduction_factor} (eta, default 3) and
 * {@code max_resource} (default: the trial's {@code epochs}; without either there is a single
 * bracket, plain ASHA).
 */
public final class HyperbandPruner implements Pruner {
    /** Keeps the bracket hash independent of the sampler's draws, which also mix (seed, index). */
    private static final long BRACKET_SALT = 0x4879706572626E64L;

    private final int minResource;
    private final int eta;
    private final int maxResource;

    public HyperbandPruner() {
        this(1, 3, 0);
    }

    HyperbandPruner(int minResource, int eta, int maxResource) {
        this.minResource = minResource;
        this.eta = eta;
        this.maxResource = maxResource;
    }

    @Override
    public String name() {
        return "hyperband";
    }

    @Override
    public Pruner configure(PrunerOptions o) {
        return new HyperbandPruner(o.integer("min_resource", 1, 1), o.integer("reduction_factor", 3, 2),
                o.optionalInteger("max_resource", 1));
    }

    @Override
    public boolean prune(PruneRequest r) {
        int max = maxResource > 0 ? maxResource : r.maxEpochs();
        List<Long> weights = bracketWeights(max);
        int bracket = bracket(r.seed(), r.trial().number(), weights);
        SuccessiveHalving halving = new SuccessiveHalving(minResource, eta, bracket);
        return halving.prune(r, o -> bracket(r.seed(), o.number(), weights) == bracket);
    }

    /**
     * The trials of the bracket that trial {@code number} will belong to. In a study with a single
     * model over every bracket, a trial stopped at epoch 1 of bracket 0 would be ranked against
     * trials that bracket 3 trained to the end; Optuna's samplers see only the new trial's bracket
     * (its {@code _BracketStudy}), and so do ours, each bracket with its own start-up trials.
     */
    @Override
    public List<Observation> samplerHistory(List<Observation> history, int number, long seed, int maxEpochs) {
        int max = maxResource > 0 ? maxResource : maxEpochs;
        List<Long> weights = bracketWeights(max);
        if (weights.size() == 1) {
            return history;
        }
        int bracket = bracket(seed, number, weights);
        return history.stream().filter(o -> bracket(seed, o.number(), weights) == bracket).toList();
    }

    /** The number of brackets, s_max + 1, for a maximum resource (1 when it is unknown, 0). */
    int brackets(int max) {
        int n = 1;
        for (long r = (long) minResource * eta; max > 0 && r <= max; r *= eta) {
            n++;
        }
        return n;
    }

    /** Each bracket's weight: the configurations Hyperband's Algorithm 1 starts it with. */
    List<Long> bracketWeights(int max) {
        int sMax = brackets(max) - 1;
        List<Long> w = new ArrayList<>();
        for (int s = 0; s <= sMax; s++) {
            int halvings = sMax - s;
            w.add((long) Math.ceil((double) (sMax + 1) / (halvings + 1) * Math.pow(eta, halvings)));
        }
        return w;
    }

    /** The bracket of trial {@code number}: a seeded hash, spread over the brackets by their weights. */
    static int bracket(long seed, int number, List<Long> weights) {
        long total = weights.stream().mapToLong(Long::longValue).sum();
        long u = Long.remainderUnsigned(Seeds.mix(Seeds.mix(seed, BRACKET_SALT), number), total);
        for (int b = 0; b < weights.size(); b++) {
            u -= weights.get(b);
            if (u < 0) {
                return b;
            }
        }
        return weights.size() - 1;
    }

    @Override
    public String toString() {
        return "hyperband(min_resource=" + minResource + ", reduction_factor=" + eta + ", max_resource="
                + (maxResource > 0 ? maxResource : "epochs") + ")";
    }
}
