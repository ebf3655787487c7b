package dev.liandan.pruner;

/**
 * ASHA, asynchronous successive halving (Li et al. 2020; see {@link SuccessiveHalving}).
 * Options: {@code min_resource} (epoch of the first rung, default 1), {@code reduction_factor}
 * (eta, default 3: one trial in three goes on at each rung, and rungs are eta times apart) and
 * {@code min_early_stopping_rate} (s: the first rung moves to {@code min_resource * eta^s},
 * default 0). With r = 1 and eta = 3 the rungs are at epochs 1, 3, 9, 27, ...
 */
public final class AshaPruner implements Pruner {
    private final SuccessiveHalving halving;

    public AshaPruner() {
        this(new SuccessiveHalving(1, 3, 0));
    }

    AshaPruner(SuccessiveHalving halving) {
        this.halving = halving;
    }

    @Override
    public String name() {
        return "asha";
    }

    @Override
    public Pruner configure(PrunerOptions o) {
        return new AshaPruner(new SuccessiveHalving(o.integer("min_resource", 1, 1),
                o.integer("reduction_factor", 3, 2), o.integer("min_early_stopping_rate", 0, 0)));
    }

    @Override
    public boolean prune(PruneRequest request) {
        return halving.prune(request, peer -> true);
    }

    SuccessiveHalving halving() {
        return halving;
    }

    @Override
    public String toString() {
        return "asha(min_resource=" + halving.minResource() + ", reduction_factor=" + halving.eta()
                + ", min_early_stopping_rate=" + halving.rate() + ")";
    }
}
