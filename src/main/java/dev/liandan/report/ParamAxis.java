package dev.liandan.report;

import dev.liandan.space.CategoricalParam;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.space.Values;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.Trial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the report draws one parameter: a numeric axis (linear or log) or a categorical one.
 *
 * @param searched   true for a parameter the sampler chose (from the space); false for a fixed or
 *                   derived setting, or when the space could not be read
 * @param categories the choices, in space order, for a categorical axis; empty otherwise
 * @param integer    true for a numeric parameter whose values are all whole numbers (an int in the space):
 *                   its axes get whole-number ticks
 * @param low        the axis' range for a numeric axis: the space's bounds when known, widened to the
 *                   observed values
 */
public record ParamAxis(String name, boolean categorical, boolean log, boolean integer, boolean searched,
                        List<String> categories, double low, double high) {

    /** The value as a position in [0, 1] along the axis (log axes in log space; categories in equal slices); NaN if absent. */
    public double unit(Object value) {
        if (value == null) {
            return Double.NaN;
        }
        if (categorical) {
            int i = categories.indexOf(Values.format(value));
            return i < 0 ? Double.NaN : (i + 0.5) / categories.size();
        }
        double v = numeric(value);
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        if (high == low) {
            return 0.5;
        }
        double u = log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
        return Math.max(0, Math.min(1, u));
    }

    /** The value as a number for a plot's axis: the category's index for a categorical axis. */
    public double coordinate(Object value) {
        if (categorical) {
            return value == null ? Double.NaN : categories.indexOf(Values.format(value));
        }
        return numeric(value);
    }

    static double numeric(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return Double.NaN;
    }

    /**
     * The axes of the parameters whose values differ between the trials, in the trials' order of
     * parameters. Log scales and categories come from the study's space file when it can be read
     * again (it names its data file, which must still exist); otherwise they are guessed from the
     * values: strings are categories, positive numbers spanning two decades or more get a log axis.
     */
    public static List<ParamAxis> of(StudyRecord study, List<Trial> trials) {
        return of(study, trials, study.spaceFile() == null ? null : Path.of(study.spaceFile()));
    }

    /**
     * As {@link #of(StudyRecord, List)}, reading the space text as if it were the file {@code spaceFile}
     * (its relative data path resolves against that file's folder).
     */
    public static List<ParamAxis> of(StudyRecord study, List<Trial> trials, Path spaceFile) {
        Space space = readSpace(study, spaceFile).orElse(null);
        Set<String> names = new LinkedHashSet<>();
        trials.forEach(t -> names.addAll(t.params().keySet()));
        List<ParamAxis> axes = new ArrayList<>();
        for (String name : names) {
            List<Object> values = trials.stream().map(t -> t.params().get(name)).filter(Objects::nonNull).toList();
            if (values.stream().map(Values::format).distinct().count() < 2) {
                continue;
            }
            SearchableParam p = space == null ? null : space.searchable().stream()
                    .filter(s -> s.name().equals(name)).findFirst().orElse(null);
            axes.add(p != null ? fromSpace(p, values) : guessed(name, values));
        }
        return axes;
    }

    private static Optional<Space> readSpace(StudyRecord study, Path spaceFile) {
        if (study.spaceText() == null || study.spaceText().isBlank()) {
            return Optional.empty();
        }
        try {
            StudySpec spec = SpaceFileParser.parse(study.spaceText(), spaceFile == null ? Path.of("space.yaml") : spaceFile);
            return Optional.of(spec.space());
        } catch (UserError | IllegalArgumentException e) {
            // the data file moved, or the text is from another version: guess from the values
            return Optional.empty();
        }
    }

    private static ParamAxis fromSpace(SearchableParam p, List<Object> values) {
        if (p instanceof CategoricalParam c) {
            List<String> cats = c.choices().stream().map(Values::format).toList();
            return new ParamAxis(p.name(), true, false, false, true, cats, 0, cats.size() - 1);
        }
        double lo;
        double hi;
        boolean log;
        if (p instanceof FloatParam f) {
            lo = f.low();
            hi = f.high();
            log = f.log();
        } else {
            IntParam i = (IntParam) p;
            lo = i.low();
            hi = i.high();
            log = i.log();
        }
        for (Object v : values) {
            double x = numeric(v);
            if (!Double.isNaN(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return new ParamAxis(p.name(), false, log && lo > 0, p instanceof IntParam, true, List.of(), lo, hi);
    }

    private static ParamAxis guessed(String name, List<Object> values) {
        boolean numeric = values.stream().allMatch(v -> v instanceof Number);
        if (!numeric) {
            List<String> cats = values.stream().map(Values::format).distinct().sorted().toList();
            return new ParamAxis(name, true, false, false, false, cats, 0, cats.size() - 1);
        }
        double lo = values.stream().mapToDouble(ParamAxis::numeric).min().orElse(0);
        double hi = values.stream().mapToDouble(ParamAxis::numeric).max().orElse(1);
        boolean log = lo > 0 && hi / lo >= 100;
        boolean integer = values.stream().allMatch(v -> v instanceof Long || v instanceof Integer);
        return new ParamAxis(name, false, log, integer, false, List.of(), lo, hi);
    }
}
