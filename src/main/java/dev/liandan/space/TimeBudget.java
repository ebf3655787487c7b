package dev.liandan.space;

import dev.liandan.core.UserError;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A study's wall-time budget as people write it: {@code 90s}, {@code 30m}, {@code 2h},
 * {@code 1h30m}, {@code 1h30m15s} (hours, minutes, seconds, each at most once, in that order),
 * or a bare number of seconds ({@code 600}, as {@code trial.timeout} takes it).
 */
public final class TimeBudget {
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(?:\\.\\d+)?");
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,9})s)?");
    /** A budget longer than a year is a typo. */
    static final Duration MAX = Duration.ofDays(366);

    private TimeBudget() {
    }

    /** The duration, or null with {@code error} set to what is wrong with {@code text}. */
    private static Duration parse(String text, String[] error) {
        String t = text == null ? "" : text.strip();
        if (SECONDS.matcher(t).matches()) {
            return check(Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000)), t, error);
        }
        Matcher m = FORM.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            error[0] = "expected seconds (e.g. 600) or a duration such as 90s, 30m, 2h or 1h30m, got '" + t + "'";
            return null;
        }
        Duration d = Duration.ZERO;
        if (m.group(1) != null) {
            d = d.plusHours(Long.parseLong(m.group(1)));
        }
        if (m.group(2) != null) {
            d = d.plusMinutes(Long.parseLong(m.group(2)));
        }
        if (m.group(3) != null) {
            d = d.plusSeconds(Long.parseLong(m.group(3)));
        }
        return check(d, t, error);
    }

    private static Duration check(Duration d, String t, String[] error) {
        if (d.isZero() || d.compareTo(MAX) > 0) {
            error[0] = "expected a duration above 0s and at most 366 days, got '" + t + "'";
            return null;
        }
        return d;
    }

    /** {@code search.time_budget} of a space file; a {@link SpaceError} at its place when malformed. */
    static Duration read(YamlNode node) {
        YamlNode.Scalar s = Nodes.scalar(node, "search.time_budget");
        String[] error = new String[1];
        Duration d = parse(String.valueOf(s.value()), error);
        if (d == null) {
            throw new SpaceError(s.location(), "search.time_budget: " + error[0]);
        }
        return d;
    }

    /** A command-line value ({@code --time-budget 30m}); a {@link UserError} naming the option when malformed. */
    public static Duration option(String text, String option) {
        String[] error = new String[1];
        Duration d = parse(text, error);
        if (d == null) {
            throw new UserError(option + ": " + error[0]);
        }
        return d;
    }

    /** As a person writes it: 1h30m, 90s. */
    public static String format(Duration d) {
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || d.toMillisPart() > 0 || out.length() == 0) {
            out.append(d.toMillisPart() == 0 ? Long.toString(d.toSecondsPart())
                    : Double.toString(d.toSecondsPart() + d.toMillisPart() / 1000.0)).append('s');
        }
        return out.toString();
    }
}
