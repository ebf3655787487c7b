package dev.liandan.study;

import dev.liandan.core.TrialState;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One line's worth of a study, for lists of studies: its objective, its trials by state and its
 * best trial ({@link Ranking}).
 */
public record StudyOverview(StudyRecord study, Map<TrialState, Integer> counts, Optional<Trial> best) {

    public static StudyOverview of(StudyRecord study, List<Trial> trials) {
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        trials.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        return new StudyOverview(study, counts, Ranking.best(trials, study.direction()));
    }

    public int trials() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** "18 complete, 1 pruned, 1 failed", in the order of {@link TrialState}; "none" for no trials. */
    public String countsText() {
        List<String> parts = new ArrayList<>();
        counts.forEach((s, n) -> parts.add(n + " " + s.name().toLowerCase(Locale.ROOT)));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
