package dev.liandan.study;

import dev.liandan.space.Constraint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a trial satisfies its study's {@code constraints:}, and by how much it misses them: the
 * sum over the constraints of the distance to each bound (infinity for a metric not measured), as
 * Deb (2000) ranks infeasible solutions. The constraints are kept as the study attribute
 * {@value #ATTRIBUTE} ({@code ;}-separated), so the leaderboard of any host sees them.
 */
public final class Feasibility {
    public static final String ATTRIBUTE = "constraints";

    private Feasibility() {
    }

    /** 0 when {@code t} satisfies every constraint (or there are none). */
    public static double violation(List<Constraint> constraints, Trial t) {
        double sum = 0;
        for (Constraint c : constraints) {
            sum += c.violation(t.metrics());
        }
        return sum;
    }

    public static String attribute(List<Constraint> constraints) {
        List<String> parts = new ArrayList<>();
        constraints.forEach(c -> parts.add(c.text()));
        return String.join(";", parts);
    }

    /** The constraints stored in a study's attributes (empty for none). */
    public static List<Constraint> fromAttributes(Map<String, String> attributes) {
        String text = attributes.get(ATTRIBUTE);
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Constraint> out = new ArrayList<>();
        for (String part : text.split(";")) {
            out.add(Constraint.of(part));
        }
        return out;
    }
}
