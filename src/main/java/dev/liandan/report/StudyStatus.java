package dev.liandan.report;

import dev.liandan.study.StudyBudget;
import dev.liandan.study.LostTrials;
import dev.liandan.core.TrialState;
import dev.liandan.study.Ranking;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.Trial;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The progress of a study as plain text, read from storage only, so it works from any host that
 * sees the storage while workers run: trials by state, the best so far, each running trial with
 * its latest epoch and value, and an ETA.
 *
 * <p>The ETA assumes the remaining trials take as long as the finished ones did on average, run
 * as many at a time as are running now (at least one). Trials whose heartbeat is older than a
 * minute are flagged: their worker may be gone.
 */
public final class StudyStatus {
    static final Duration STALE = Duration.ofSeconds(60);

    private StudyStatus() {
    }

    /** The space file's search.trials (the parser's default, 20, when it has none). */
    public static int fileBudget(StudyRecord study) {
        return StudyReport.searchSettings(study.spaceText()).get("trials") instanceof Long l ? (int) (long) l : 20;
    }

    /** @param budget the number of trials the sweep was asked to finish */
    public static String text(StudyRecord study, List<Trial> trials, int budget, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Study '%s': %s, %s%n", study.name(), study.metric(),
                study.direction().name().toLowerCase(Locale.ROOT)));
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        trials.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((s, n) -> parts.add(n + " " + s.name().toLowerCase(Locale.ROOT)));
        long interrupted = trials.stream().filter(LostTrials::isInterrupted).count();
        int finished = StudyBudget.counted(trials);
        sb.append(String.format(Locale.ROOT, "trials: %d of %d finished (%s)%s%n", finished, budget,
                parts.isEmpty() ? "none yet" : String.join(", ", parts),
                interrupted > 0 ? "; " + interrupted + " interrupted, re-run" : ""));
        List<Trial> ranked = Ranking.ranked(trials, study.direction());
        if (ranked.isEmpty()) {
            sb.append("best so far: -\n");
        } else {
            Trial best = ranked.get(0);
            sb.append(String.format(Locale.ROOT, "best so far: %s %s (trial %d)%n", study.metric(),
                    Leaderboard.number(best.value()), best.number()));
        }
        List<Trial> running = trials.stream().filter(t -> t.state() == TrialState.RUNNING).toList();
        if (running.isEmpty()) {
            sb.append("running: none\n");
        } else {
            sb.append("running:\n");
            for (Trial t : running) {
                int epoch = t.intermediates().size();
                Object epochs = t.params().get("epochs");
                String latest = epoch == 0 ? "-" : Leaderboard.number(t.intermediates().get(epoch - 1));
                String elapsed = t.startedAt() == null ? "-" : StudyReport.clock(Duration.between(t.startedAt(), now).toMillis() / 1000.0);
                String stale = t.heartbeat() != null && t.heartbeat().isBefore(now.minus(STALE))
                        ? "  (no heartbeat for " + StudyReport.clock(Duration.between(t.heartbeat(), now).toSeconds())
                        + ": its worker may be gone)" : "";
                sb.append(String.format(Locale.ROOT, "  trial %d  epoch %d%s  %s %s  running %s  on %s%s%n", t.number(),
                        epoch, epochs == null ? "" : "/" + epochs, study.metric(), latest, elapsed,
                        t.worker() == null ? "-" : t.worker(), stale));
            }
        }
        double[] durations = trials.stream().filter(t -> t.state().finished() && !LostTrials.isInterrupted(t))
                .map(Trial::durationSeconds).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        int remaining = Math.max(0, budget - finished);
        if (remaining == 0) {
            sb.append("ETA: done\n");
        } else if (durations.length == 0) {
            sb.append("ETA: - (no finished trial to time yet)\n");
        } else {
            double mean = java.util.Arrays.stream(durations).average().orElse(0);
            int parallel = Math.max(1, running.size());
            double seconds = mean * remaining / parallel;
            sb.append(String.format(Locale.ROOT, "ETA: %s (%d trials left, %.1f s per trial on average, %d at a time)%n",
                    StudyReport.clock(seconds), remaining, mean, parallel));
        }
        return sb.toString();
    }
}
