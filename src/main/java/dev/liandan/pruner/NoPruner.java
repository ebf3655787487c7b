package dev.liandan.pruner;

/** Never stops a trial: the default. */
public final class NoPruner implements Pruner {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Pruner configure(PrunerOptions options) {
        return this;
    }

    @Override
    public boolean prune(PruneRequest request) {
        return false;
    }
}
