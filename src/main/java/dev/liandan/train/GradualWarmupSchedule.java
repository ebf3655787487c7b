package dev.liandan.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Gradual warm-up in front of any schedule (Goyal et al. 2017, "Accurate, Large Minibatch SGD:
 * Training ImageNet in 1 Hour", section 2.2): with the linear scaling rule the effective rate
 * {@code k * base} is too large for the first steps of a fresh network, so the rate starts at
 * {@code start} (the base rate) and rises by a constant amount each iteration, reaching the
 * wrapped schedule's value at the end of the warm-up:
 *
 * <pre>
 *   t &lt; W:  start + (inner(W, warmupEpochs) - start) * (t + 1) / W
 *   t &ge; W:  inner(t, epoch)
 * </pre>
 *
 * Per iteration. The wrapped schedule is stored inside this one's JSON (ISchedule carries its
 * class name), so the pair survives {@code ModelSerializer}.
 */
public final class GradualWarmupSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonProperty("start")
    private final double start;
    @JsonProperty("warmupIterations")
    private final int warmupIterations;
    @JsonProperty("warmupEpochs")
    private final int warmupEpochs;
    @JsonProperty("inner")
    private final ISchedule inner;

    /**
     * @param start            the rate of the first iteration's ramp origin (Goyal's base rate)
     * @param warmupIterations {@code W}
     * @param warmupEpochs     the epoch at iteration {@code W}, for epoch-based inner schedules
     * @param inner            the schedule that takes over at {@code W}
     */
    @JsonCreator
    public GradualWarmupSchedule(@JsonProperty("start") double start,
                                 @JsonProperty("warmupIterations") int warmupIterations,
                                 @JsonProperty("warmupEpochs") int warmupEpochs,
                                 @JsonProperty("inner") ISchedule inner) {
        if (warmupIterations < 0 || warmupEpochs < 0 || inner == null) {
            throw new IllegalArgumentException("warm-up " + warmupIterations + " iterations of " + inner);
        }
        this.start = start;
        this.warmupIterations = warmupIterations;
        this.warmupEpochs = warmupEpochs;
        this.inner = inner;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmupIterations) {
            double target = inner.valueAt(warmupIterations, warmupEpochs);
            return start + (target - start) * (iteration + 1) / warmupIterations;
        }
        return inner.valueAt(iteration, epoch);
    }

    @Override
    public ISchedule clone() {
        return new GradualWarmupSchedule(start, warmupIterations, warmupEpochs, inner.clone());
    }

    public double getStart() {
        return start;
    }

    public int getWarmupIterations() {
        return warmupIterations;
    }

    public int getWarmupEpochs() {
        return warmupEpochs;
    }

    public ISchedule getInner() {
        return inner;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GradualWarmupSchedule s && start == s.start && warmupIterations == s.warmupIterations
                && warmupEpochs == s.warmupEpochs && inner.equals(s.inner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, warmupIterations, warmupEpochs, inner);
    }

    @Override
    public String toString() {
        return "GradualWarmupSchedule(start=" + start + ", W=" + warmupIterations + ", inner=" + inner + ")";
    }
}
