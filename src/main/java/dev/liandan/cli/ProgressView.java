package dev.liandan.cli;

import dev.liandan.core.TrialState;
import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyResult;
import dev.liandan.study.Trial;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a sweep's progress: on a terminal, a progress bar (trials done / total, elapsed, ETA) with
 * the best value so far and the running trial's epoch; elsewhere (CI logs, pipes), one line per
 * finished trial.
 */
final class ProgressView implements StudyListener {
    private final PrintWriter out;
    private final String metric;
    private final boolean interactive = System.console() != null;
    private ProgressBar bar;
    private long startNanos;
    private int startedWith;
    private int budget;
    private Double best;
    private int pruned;

    ProgressView(PrintWriter out, String metric) {
        this.out = out;
        this.metric = metric;
    }

    @Override
    public void studyStarted(String study, int budget, int finished, Double best) {
        this.best = best;
        this.startNanos = System.nanoTime();
        this.startedWith = finished;
        this.budget = budget;
        if (finished > 0) {
            out.printf("Resuming study '%s': %d of %d trials already finished.%n", study, finished, budget);
        }
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName(study).setInitialMax(budget).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).setMaxRenderedLength(110).continuousUpdate().build();
            bar.stepTo(finished);
            bar.setExtraMessage(bestText());
        }
    }

    @Override
    public void epochEnded(Trial trial, int epoch, Map<String, Double> metrics) {
        if (bar != null) {
            Object epochs = trial.params().get("epochs");
            bar.setExtraMessage(bestText() + " | trial " + trial.number() + " epoch " + epoch
                    + (epochs == null ? "" : "/" + epochs));
        }
    }

    @Override
    public void trialFinished(Trial trial, int finished, Double best) {
        this.best = best;
        if (trial.state() == TrialState.PRUNED) {
            pruned++;
        }
        if (bar != null) {
            bar.stepTo(finished);
            bar.setExtraMessage(bestText());
            return;
        }
        String outcome = trial.state() == TrialState.FAILED ? "FAILED (" + trial.failReason() + ")"
                : trial.state() + (trial.state() == TrialState.PRUNED ? " at epoch " + trial.epochs() : "")
                + " " + metric + "=" + format(trial.value());
        long done = finished - startedWith;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        // the ETA assumes the remaining trials take as long as this run's trials so far
        Duration eta = done > 0 ? elapsed.dividedBy(done).multipliedBy(Math.max(0, budget - finished)) : Duration.ZERO;
        out.printf("[%d/%d] trial %d %s | %s | elapsed %s | ETA %s%n", finished, budget, trial.number(), outcome,
                bestText(), clock(elapsed), clock(eta));
        out.flush();
    }

    @Override
    public void studyEnded(StudyResult result) {
        if (bar != null) {
            bar.close();
        }
    }

    private String bestText() {
        // pruned trials of this run (a resumed study's earlier ones are in the final summary)
        return "best " + (best == null ? "-" : format(best)) + (pruned == 0 ? "" : " | " + pruned + " pruned");
    }

    private static String format(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
