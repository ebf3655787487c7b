package dev.liandan.api;

import dev.liandan.space.CategoricalParam;
import dev.liandan.space.Condition;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The range a parameter is drawn from, as a trial's {@code suggest*} call gives it. One parameter
 * keeps one distribution in a study: asking for it again with the same distribution gives the
 * same value in a trial, asking with another is an error. Pass distributions to
 * {@link Study#ask(java.util.Map)} to fix them before a trial starts.
 */
public sealed interface Distribution permits Distribution.FloatRange, Distribution.IntRange, Distribution.Choice {

    /** A real number on [low, high]; log-uniform if {@code log}; on the grid low + k·step if step is not null. */
    static Distribution floats(double low, double high, boolean log, Double step) {
        return new FloatRange(low, high, log, step);
    }

    /** An integer on [low, high], every {@code step}-th (step 1 unless given); log-uniform if {@code log}. */
    static Distribution ints(int low, int high, boolean log, int step) {
        return new IntRange(low, high, log, step);
    }

    /** One of {@code choices}: strings, numbers or booleans. */
    static Distribution choice(List<?> choices) {
        return new Choice(List.copyOf(choices));
    }

    /** The distribution of a space file's parameter (its condition aside). */
    static Distribution of(SearchableParam p) {
        if (p instanceof FloatParam f) {
            return floats(f.low(), f.high(), f.log(), f.step());
        }
        if (p instanceof IntParam i) {
            return ints(Math.toIntExact(i.low()), Math.toIntExact(i.high()), i.log(), Math.toIntExact(i.step()));
        }
        return choice(((CategoricalParam) p).choices());
    }

    /** The space parameter that samples this distribution. */
    SearchableParam toParam(String name, Optional<Condition> condition);

    /** The distribution in a few words, for messages: {@code float [1e-05, 0.1] log}. */
    String describe();

    /** A real number on [low, high]. */
    record FloatRange(double low, double high, boolean log, Double step) implements Distribution {
        public FloatRange {
            try { // the space's checks: low <= high, log needs low > 0, step > 0 and not with log
                new FloatParam("x", low, high, log, step, Optional.empty(), null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("float range " + e.getMessage().replaceFirst("^x: ", ""), e);
            }
        }

        @Override
        public SearchableParam toParam(String name, Optional<Condition> condition) {
            return new FloatParam(name, low, high, log, step, condition, null);
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "float [%s, %s]%s%s", Values.format(low), Values.format(high),
                    log ? " log" : "", step == null ? "" : " step " + Values.format(step));
        }
    }

    /** An integer on [low, high]. */
    record IntRange(int low, int high, boolean log, int step) implements Distribution {
        public IntRange {
            try {
                new IntParam("x", low, high, log, step, Optional.empty(), null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("int range " + e.getMessage().replaceFirst("^x: ", ""), e);
            }
        }

        @Override
        public SearchableParam toParam(String name, Optional<Condition> condition) {
            return new IntParam(name, low, high, log, step, condition, null);
        }

        @Override
        public String describe() {
            return "int [" + low + ", " + high + "]" + (log ? " log" : "") + (step == 1 ? "" : " step " + step);
        }
    }

    /** One of a list of strings, numbers or booleans. */
    record Choice(List<Object> choices) implements Distribution {
        public Choice {
            choices = List.copyOf(choices);
            if (choices.isEmpty()) {
                throw new IllegalArgumentException("a categorical parameter needs at least one choice");
            }
            for (Object c : choices) {
                if (!(c instanceof String || c instanceof Number || c instanceof Boolean)) {
                    throw new IllegalArgumentException("a categorical choice must be a string, number or boolean, got "
                            + c.getClass().getSimpleName());
                }
            }
        }

        @Override
        public SearchableParam toParam(String name, Optional<Condition> condition) {
            return new CategoricalParam(name, normalised(), condition, null);
        }

        /** Choices as stored values read back: integers as Long, other numbers as Double. */
        List<Object> normalised() {
            List<Object> out = new ArrayList<>();
            for (Object c : choices) {
                if (c instanceof Integer || c instanceof Short || c instanceof Byte || c instanceof Long) {
                    out.add(((Number) c).longValue());
                } else if (c instanceof Number n) {
                    out.add(n.doubleValue());
                } else {
                    out.add(c);
                }
            }
            return out;
        }

        @Override
        public String describe() {
            return "categorical " + choices;
        }

        /** Same choices in the same order (numbers compare by value). */
        boolean sameChoices(Choice other) {
            if (other.choices.size() != choices.size()) {
                return false;
            }
            for (int i = 0; i < choices.size(); i++) {
                if (!Values.same(choices.get(i), other.choices.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether two distributions are the same range (choices compared by value). */
    static boolean same(Distribution a, Distribution b) {
        if (a instanceof Choice x && b instanceof Choice y) {
            return x.sameChoices(y);
        }
        return Objects.equals(a, b);
    }
}
