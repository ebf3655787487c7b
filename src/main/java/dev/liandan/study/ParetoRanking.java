package dev.liandan.study;

import dev.liandan.core.Direction;
import dev.liandan.core.TrialState;
import dev.liandan.sampler.Pareto;
import dev.liandan.space.Objective;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The COMPLETE trials of a study of several objectives, ranked: by Pareto front first (front 1 =
 * the trials no other trial dominates), then within a front by the first objective (ties: lower
 * trial number). A trial missing a value of any objective cannot be compared and is left out, as
 * an unfinished one is. The objectives are kept as the study attribute {@value #ATTRIBUTE}
 * ({@code metric:direction,...}), so the leaderboard of any worker can read them.
 */
public final class ParetoRanking {
    public static final String ATTRIBUTE = "objectives";

    /** A ranked trial: its front (1 is the Pareto front) and its objective vector. */
    public record Ranked(Trial trial, int front, List<Double> values) {
        public boolean pareto() {
            return front == 1;
        }
    }

    private ParetoRanking() {
    }

    public static List<Ranked> ranked(List<Trial> trials, List<Objective> objectives) {
        List<Trial> complete = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (Trial t : trials) {
            if (t.state() != TrialState.COMPLETE || t.value() == null) {
                continue;
            }
            double[] v = new double[objectives.size()];
            boolean ok = true;
            for (int k = 0; k < v.length; k++) {
                Double x = k == 0 ? t.value() : t.metrics().get(objectives.get(k).metric());
                ok &= x != null && !x.isNaN();
                v[k] = ok ? x : 0;
            }
            if (ok) {
                complete.add(t);
                points.add(v);
            }
        }
        List<Direction> directions = objectives.stream().map(Objective::direction).toList();
        int[] fronts = Pareto.ranks(points, directions);
        List<Ranked> out = new ArrayList<>();
        for (int i = 0; i < complete.size(); i++) {
            List<Double> values = new ArrayList<>();
            for (double x : points.get(i)) {
                values.add(x);
            }
            out.add(new Ranked(complete.get(i), fronts[i] + 1, values));
        }
        Direction first = directions.get(0);
        Comparator<Ranked> byFirst = Comparator.comparingDouble(r -> first == Direction.MAXIMIZE
                ? -r.values().get(0) : r.values().get(0));
        out.sort(Comparator.comparingInt(Ranked::front).thenComparing(byFirst)
                .thenComparingInt(r -> r.trial().number()));
        return out;
    }

    /** The attribute's text for {@code objectives}. */
    public static String attribute(List<Objective> objectives) {
        StringBuilder sb = new StringBuilder();
        for (Objective o : objectives) {
            sb.append(sb.length() == 0 ? "" : ",").append(o.metric()).append(':')
                    .append(o.direction().name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** The objectives stored in a study's attributes, or empty for a study of one objective. */
    public static List<Objective> fromAttributes(Map<String, String> attributes) {
        String text = attributes.get(ATTRIBUTE);
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Objective> out = new ArrayList<>();
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            out.add(new Objective(part.substring(0, colon),
                    Direction.valueOf(part.substring(colon + 1).toUpperCase(Locale.ROOT))));
        }
        return out.size() > 1 ? out : List.of();
    }

    /** Trials by number to their front, for lookups. */
    public static Map<Integer, Ranked> byNumber(List<Ranked> ranked) {
        Map<Integer, Ranked> out = new HashMap<>();
        ranked.forEach(r -> out.put(r.trial().number(), r));
        return out;
    }
}
