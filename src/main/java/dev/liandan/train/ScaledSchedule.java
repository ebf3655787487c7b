package dev.liandan.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Another schedule times a constant: how one layer group gets its own multiple of the head's
 * rate (layer-wise learning rates, as in Howard & Ruder 2018, "Universal Language Model
 * Fine-tuning", discriminative fine-tuning) while keeping the shape of the trial's schedule.
 */
public final class ScaledSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonProperty("factor")
    private final double factor;
    @JsonProperty("inner")
    private final ISchedule inner;

    @JsonCreator
    public ScaledSchedule(@JsonProperty("factor") double factor, @JsonProperty("inner") ISchedule inner) {
        this.factor = factor;
        this.inner = Objects.requireNonNull(inner);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return factor * inner.valueAt(iteration, epoch);
    }

    @Override
    public ISchedule clone() {
        return new ScaledSchedule(factor, inner.clone());
    }

    public double getFactor() {
        return factor;
    }

    public ISchedule getInner() {
        return inner;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledSchedule s && factor == s.factor && inner.equals(s.inner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(factor, inner);
    }

    @Override
    public String toString() {
        return "ScaledSchedule(" + factor + " x " + inner + ")";
    }
}
