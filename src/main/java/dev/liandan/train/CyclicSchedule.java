package dev.liandan.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * The triangular cyclical learning rate (Smith 2017, "Cyclical Learning Rates for Training Neural
 * Networks", section 3.1), evaluated per iteration:
 *
 * <pre>
 *   cycle = floor(1 + t / (2 * stepSize))
 *   x     = |t / stepSize - 2 * cycle + 1|
 *   lr    = low + (high - low) * max(0, 1 - x)
 * </pre>
 *
 * so the rate climbs linearly from {@code low} to {@code high} over {@code stepSize} iterations,
 * falls back over the next {@code stepSize}, and repeats. Smith recommends a half cycle
 * ({@code stepSize}) of 2–10 epochs and {@code low} a third to a quarter of {@code high}.
 *
 * <p>Stored in the network's JSON like every {@link ISchedule} (class name plus these fields), so
 * it survives {@code ModelSerializer}.
 */
public final class CyclicSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonProperty("low")
    private final double low;
    @JsonProperty("high")
    private final double high;
    @JsonProperty("stepSize")
    private final int stepSize;

    /**
     * @param low      the rate at the start and end of each cycle
     * @param high     the rate at the middle of each cycle
     * @param stepSize iterations of half a cycle (at least 1)
     */
    @JsonCreator
    public CyclicSchedule(@JsonProperty("low") double low, @JsonProperty("high") double high,
                          @JsonProperty("stepSize") int stepSize) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("half cycle of " + stepSize + " iterations");
        }
        this.low = low;
        this.high = high;
        this.stepSize = stepSize;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double cycle = Math.floor(1 + iteration / (2.0 * stepSize));
        double x = Math.abs((double) iteration / stepSize - 2 * cycle + 1);
        return low + (high - low) * Math.max(0, 1 - x);
    }

    @Override
    public ISchedule clone() {
        return new CyclicSchedule(low, high, stepSize);
    }

    public double getLow() {
        return low;
    }

    public double getHigh() {
        return high;
    }

    public int getStepSize() {
        return stepSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CyclicSchedule s && low == s.low && high == s.high && stepSize == s.stepSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(low, high, stepSize);
    }

    @Override
    public String toString() {
        return "CyclicSchedule(low=" + low + ", high=" + high + ", stepSize=" + stepSize + ")";
    }
}
