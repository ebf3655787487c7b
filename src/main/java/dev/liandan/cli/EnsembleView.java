package dev.liandan.cli;

import dev.liandan.ensemble.EnsembleListener;
import dev.liandan.ensemble.EnsembleReport;
import dev.liandan.ensemble.EnsembleResult;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/** Prints an ensemble build's progress (retraining, notes) and its report. */
final class EnsembleView implements EnsembleListener {
    private final PrintWriter out;

    EnsembleView(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void note(String message) {
        out.println("ensemble: " + message);
        out.flush();
    }

    @Override
    public void retrainStarted(int trial, int index, int of, long seed) {
        out.printf("ensemble: training configuration of trial %d, member %d/%d, seed %d ...%n", trial, index, of, seed);
        out.flush();
    }

    @Override
    public void retrainFinished(int trial, int index, int of, long seed, Double value, boolean reused) {
        out.printf(Locale.ROOT, "ensemble: trial %d member %d/%d (seed %d) %s%n", trial, index, of, seed,
                reused ? "reused from an earlier build" : "done, validation " + (value == null ? "-"
                        : String.format(Locale.ROOT, "%.4f", value)));
        out.flush();
    }

    /** Prints the report of an ensemble built after a sweep, if one was. */
    void print(Optional<EnsembleResult> result) {
        result.ifPresent(r -> out.print(System.lineSeparator() + EnsembleReport.text(r)));
        out.flush();
    }
}
