package dev.liandan.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * The one-cycle policy (Smith & Topin 2019, "Super-Convergence: Very Fast Training of Neural
 * Networks Using Large Learning Rates"; Smith 2018, "A disciplined approach to neural network
 * hyper-parameters"), per iteration, in the two-phase, cosine-annealed form that PyTorch's
 * {@code OneCycleLR} and fastai use by default:
 *
 * <ul>
 *   <li>for {@code t < U = round(pctStart * T)}: from {@code start = peak / divFactor} up to
 *       {@code peak}, {@code peak + (start - peak) * (1 + cos(pi * t / U)) / 2};</li>
 *   <li>then down to {@code end = start / finalDivFactor} at {@code t = T}:
 *       {@code end + (peak - end) * (1 + cos(pi * (t - U) / (T - U))) / 2}; later iterations
 *       stay at {@code end}.</li>
 * </ul>
 *
 * The paper's linear ramps are the same shape up to smoothing; the cosine form is what most users
 * mean by one-cycle today. Momentum cycling (also in the paper) is not done: DL4J's Adam takes
 * no momentum schedule.
 */
public final class OneCycleSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    /** PyTorch's and fastai's defaults. */
    public static final double DIV_FACTOR = 25;
    public static final double FINAL_DIV_FACTOR = 1e4;

    @JsonProperty("peak")
    private final double peak;
    @JsonProperty("upIterations")
    private final int upIterations;
    @JsonProperty("totalIterations")
    private final int totalIterations;
    @JsonProperty("divFactor")
    private final double divFactor;
    @JsonProperty("finalDivFactor")
    private final double finalDivFactor;

    @JsonCreator
    public OneCycleSchedule(@JsonProperty("peak") double peak, @JsonProperty("upIterations") int upIterations,
                            @JsonProperty("totalIterations") int totalIterations,
                            @JsonProperty("divFactor") double divFactor,
                            @JsonProperty("finalDivFactor") double finalDivFactor) {
        if (totalIterations < 1 || upIterations < 0 || upIterations > totalIterations || !(divFactor > 0)
                || !(finalDivFactor > 0)) {
            throw new IllegalArgumentException("one-cycle: up " + upIterations + " of " + totalIterations
                    + " iterations, div " + divFactor + ", final div " + finalDivFactor);
        }
        this.peak = peak;
        this.upIterations = upIterations;
        this.totalIterations = totalIterations;
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
    }

    /** With the default division factors; {@code pctStart} of the iterations rising. */
    public static OneCycleSchedule of(double peak, double pctStart, int totalIterations) {
        int up = (int) Math.round(pctStart * totalIterations);
        return new OneCycleSchedule(peak, Math.min(totalIterations, up), totalIterations, DIV_FACTOR, FINAL_DIV_FACTOR);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double start = peak / divFactor;
        double end = start / finalDivFactor;
        if (iteration < upIterations) {
            return cosine(start, peak, (double) iteration / upIterations);
        }
        int down = totalIterations - upIterations;
        if (down <= 0) {
            return peak;
        }
        return cosine(peak, end, Math.min(1.0, (double) (iteration - upIterations) / down));
    }

    /** From {@code from} at progress 0 to {@code to} at progress 1 along half a cosine. */
    private static double cosine(double from, double to, double progress) {
        return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new OneCycleSchedule(peak, upIterations, totalIterations, divFactor, finalDivFactor);
    }

    public double getPeak() {
        return peak;
    }

    public int getUpIterations() {
        return upIterations;
    }

    public int getTotalIterations() {
        return totalIterations;
    }

    public double getDivFactor() {
        return divFactor;
    }

    public double getFinalDivFactor() {
        return finalDivFactor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneCycleSchedule s && peak == s.peak && upIterations == s.upIterations
                && totalIterations == s.totalIterations && divFactor == s.divFactor
                && finalDivFactor == s.finalDivFactor;
    }

    @Override
    public int hashCode() {
        return Objects.hash(peak, upIterations, totalIterations, divFactor, finalDivFactor);
    }

    @Override
    public String toString() {
        return "OneCycleSchedule(peak=" + peak + ", up=" + upIterations + ", total=" + totalIterations
                + ", div=" + divFactor + ", finalDiv=" + finalDivFactor + ")";
    }
}
