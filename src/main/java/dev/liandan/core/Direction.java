package dev.liandan.core;

/** Whether the objective is to be made large or small. */
public enum Direction {
    MAXIMIZE, MINIMIZE;

    /** True when {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) {
        return this == MAXIMIZE ? a > b : a < b;
    }
}
