package dev.liandan.space;

import dev.liandan.core.Direction;

/** The metric a study optimises ({@code val_accuracy}, {@code val_loss}, or any metric a command trial prints) and in which direction. */
public record Objective(String metric, Direction direction) {
}
