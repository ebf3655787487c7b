package dev.liandan.ensemble;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.space.Constraint;
import dev.liandan.space.Objective;
import dev.liandan.study.ParetoRanking;
import dev.liandan.study.Ranking;
import dev.liandan.study.Trial;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The trials an ensemble is chosen from, best first by the (first) objective, as
 * {@link EnsembleOptions} asks: the best {@code topK} (each builder stops once it has loaded that
 * many), exactly the trials named, or the Pareto front of a study of several objectives (its
 * feasible non-dominated trials, as the leaderboard marks {@code pareto}). Best first matters: the
 * first is the "best single trial" the ensemble is compared with, and caruana's sorted start reads
 * the order.
 */
final class CandidateTrials {
    private CandidateTrials() {
    }

    /**
     * @param objectives the study's objectives (one, or several for {@code pareto})
     * @param constraints its constraints (none: every trial feasible)
     */
    static List<Trial> of(String study, List<Trial> trials, List<Objective> objectives, List<Constraint> constraints,
                          EnsembleOptions options) {
        Direction first = objectives.get(0).direction();
        if (options.trials() != null) {
            Map<Integer, Trial> byNumber = trials.stream().collect(Collectors.toMap(Trial::number, Function.identity()));
            for (int n : options.trials()) {
                Trial t = byNumber.get(n);
                if (t == null) {
                    throw new UserError("--trials: study '" + study + "' has no trial " + n);
                }
                if (t.state() != TrialState.COMPLETE || t.value() == null) {
                    throw new UserError("--trials: trial " + n + " of study '" + study + "' is " + t.state()
                            + ", not COMPLETE: an ensemble is built from finished trials");
                }
            }
            Set<Integer> chosen = new HashSet<>(options.trials());
            return Ranking.ranked(trials, first).stream().filter(t -> chosen.contains(t.number())).toList();
        }
        if (options.pareto()) {
            if (objectives.size() < 2) {
                throw new UserError("--pareto: study '" + study + "' has one objective (" + objectives.get(0).metric()
                        + "), so no Pareto front: choose its candidates with --top or --trials");
            }
            List<Trial> front = new ArrayList<>();
            for (ParetoRanking.Ranked r : ParetoRanking.ranked(trials, objectives, constraints)) {
                if (r.pareto()) {
                    front.add(r.trial());
                }
            }
            if (front.isEmpty()) {
                throw new UserError("--pareto: study '" + study + "' has no COMPLETE trial"
                        + (constraints.isEmpty() ? "" : " that satisfies its constraints") + " with every objective's value");
            }
            return front;
        }
        return Ranking.ranked(trials, first);
    }

    /** How many candidates a builder loads at most. */
    static int limit(EnsembleOptions options) {
        return options.trials() != null || options.pareto() ? Integer.MAX_VALUE : options.topK();
    }

    /**
     * What a builder does with a candidate whose model or predictions file is missing: a trial the user
     * named is an error (the bundle would not be the one asked for); any other is skipped with a note.
     */
    static void missingFiles(EnsembleOptions options, Trial t, String what, EnsembleListener listener) {
        if (options.trials() != null) {
            throw new UserError("--trials: trial " + t.number() + " has no " + what + ": it kept no model to ensemble");
        }
        listener.note("trial " + t.number() + " has no " + what + ": skipped");
    }
}
