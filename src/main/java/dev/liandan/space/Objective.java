package dev.liandan.space;

/** The metric a study optimises ({@code val_accuracy}, {@code val_loss}) and in which direction. */
public record Objective(String metric, Direction direction) {
}
