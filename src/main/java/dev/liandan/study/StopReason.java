package dev.liandan.study;

/** Why a run of a study stopped starting trials. */
public enum StopReason {
    /** The budget of finished trials is reached. */
    BUDGET("budget"),
    /** The sampler had no configuration left to propose (a finite grid, say). */
    EXHAUSTED("exhausted"),
    /** The study's wall-time budget has passed: no trial starts after it. */
    TIME_BUDGET("time budget"),
    /** A COMPLETE trial reached {@code objective.target} ({@link StopRules}). */
    TARGET("target reached"),
    /** {@code search.max_failed} trials have FAILED ({@link StopRules}). */
    MAX_FAILED("too many failed trials");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    /** The reason in words, as progress lines and reports print it. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
