package dev.liandan.space;

import dev.liandan.core.Direction;

/**
 * The metric a study optimises ({@code val_accuracy}, {@code val_rmse}, ..., or any metric a
 * command trial prints), in which direction, and optionally a target: the study stops once a
 * COMPLETE trial's value reaches it ({@code objective.target}; at least as large when maximising,
 * at most as large when minimising).
 *
 * @param target the value that ends the study when reached; null for none
 */
public record Objective(String metric, Direction direction, Double target) {

    /** An objective without a target. */
    public Objective(String metric, Direction direction) {
        this(metric, direction, null);
    }

    /** True when {@code value} reaches the target (never without one). */
    public boolean reached(double value) {
        return target != null && (direction == Direction.MAXIMIZE ? value >= target : value <= target);
    }
}
