package dev.liandan.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Cosine learning-rate decay after a linear warm-up, evaluated per iteration (minibatch).
 *
 * <ul>
 *   <li>Warm-up (Goyal et al. 2017, "Accurate, Large Minibatch SGD: Training ImageNet in 1
 *       Hour", section 2.2, gradual warm-up): for iteration {@code t < W} the rate rises linearly,
 *       {@code peak * (t + 1) / W}, so the last warm-up step runs at the peak rate. It keeps the
 *       first steps of a freshly initialised network (large, noisy gradients) from overshooting.</li>
 *   <li>Cosine decay (Loshchilov & Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm
 *       Restarts", eq. 5, one cycle without restarts and with eta_min = {@code floor}): for
 *       {@code t >= W}, {@code floor + (peak - floor) * (1 + cos(pi * (t - W) / (T - W))) / 2},
 *       from the peak at the end of warm-up down towards {@code floor} at iteration {@code T}.</li>
 * </ul>
 *
 * <p>Per iteration rather than per epoch because short studies train for few epochs: a rate that
 * changed only at epoch boundaries would be a staircase of a handful of steps. Iterations past
 * {@code T} stay at {@code floor}.
 *
 * <p>DL4J M2.1 has no cosine schedule. This one is stored in the network configuration's JSON
 * (ISchedule is serialised with its class name and these {@code @JsonProperty} fields), so a
 * {@code model.zip} written by {@code ModelSerializer} loads with the schedule intact as long as
 * this class is on the class path.
 */
public final class WarmupCosineSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonProperty("peak")
    private final double peak;
    @JsonProperty("floor")
    private final double floor;
    @JsonProperty("warmupIterations")
    private final int warmupIterations;
    @JsonProperty("totalIterations")
    private final int totalIterations;

    /**
     * @param peak             the rate at the end of warm-up (the configured {@code lr})
     * @param floor            the rate the decay ends at (0 in liandan's trials)
     * @param warmupIterations {@code W}: iterations of linear warm-up (0: none)
     * @param totalIterations  {@code T}: iterations of the whole run, warm-up included
     */
    @JsonCreator
    public WarmupCosineSchedule(@JsonProperty("peak") double peak, @JsonProperty("floor") double floor,
                                @JsonProperty("warmupIterations") int warmupIterations,
                                @JsonProperty("totalIterations") int totalIterations) {
        if (warmupIterations < 0 || totalIterations < 1) {
            throw new IllegalArgumentException("warm-up " + warmupIterations + " / total " + totalIterations
                    + " iterations");
        }
        this.peak = peak;
        this.floor = floor;
        this.warmupIterations = warmupIterations;
        this.totalIterations = totalIterations;
    }

    /** The rate at {@code iteration} (0-based, counted over the whole run); the epoch is not used. */
    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmupIterations) {
            return peak * (iteration + 1) / warmupIterations;
        }
        int decay = totalIterations - warmupIterations;
        if (decay <= 0) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (iteration - warmupIterations) / decay);
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(peak, floor, warmupIterations, totalIterations);
    }

    public double getPeak() {
        return peak;
    }

    public double getFloor() {
        return floor;
    }

    public int getWarmupIterations() {
        return warmupIterations;
    }

    public int getTotalIterations() {
        return totalIterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && peak == s.peak && floor == s.floor
                && warmupIterations == s.warmupIterations && totalIterations == s.totalIterations;
    }

    @Override
    public int hashCode() {
        return Objects.hash(peak, floor, warmupIterations, totalIterations);
    }

    @Override
    public String toString() {
        return "WarmupCosineSchedule(peak=" + peak + ", floor=" + floor + ", warmupIterations=" + warmupIterations
                + ", totalIterations=" + totalIterations + ")";
    }
}
