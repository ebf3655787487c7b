package dev.liandan.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads one value under {@code params:}, {@code model:} or {@code training:} into a parameter:
 * a literal, a formula ({@code "= ..."}) or a spec mapping ({@code {float: [a, b], log: true}}).
 * For a backend setting every literal, choice and bound is checked against the {@link Setting},
 * so a wrong activation name fails here and not in the middle of a sweep.
 */
final class ParamSpecReader {
    private static final List<String> KINDS = List.of("float", "int", "choice", "fixed", "formula");
    /** Integers beyond 2^53 have no exact double, and IntParam's unit mapping goes through doubles. */
    private static final long MAX_EXACT_INT = 1L << 53;
    /** A float grid finer than this is a continuous range in disguise, and its count would overflow. */
    private static final double MAX_GRID = 1e9;
    private static final List<String> SPEC_KEYS = List.of("float", "int", "choice", "fixed", "formula", "log", "step", "when");

    private final String name;
    private final String section;
    private final Setting setting;
    private final SourceLocation keyAt;
    private final String what;

    private ParamSpecReader(String name, String section, Setting setting, SourceLocation keyAt) {
        this.name = name;
        this.section = section;
        this.setting = setting;
        this.keyAt = keyAt;
        this.what = section + "." + name;
    }

    /**
     * @param setting the backend setting the key names, or null for a free parameter under params
     * @param keyAt   where the parameter's key is written
     */
    static ParsedParam read(String name, String section, Setting setting, YamlNode node, SourceLocation keyAt) {
        return new ParamSpecReader(name, section, setting, keyAt).read(node);
    }

    private ParsedParam read(YamlNode node) {
        if (node instanceof YamlNode.Mapping m) {
            return spec(m);
        }
        if (node instanceof YamlNode.Sequence) {
            throw new SpaceError(node.location(), what + ": a list is not a value here: write {choice: [a, b, ...]} to search over it");
        }
        YamlNode.Scalar s = (YamlNode.Scalar) node;
        if (s.isNull()) {
            throw new SpaceError(node.location(), what + ": expected a value, a spec such as {float: [low, high]}"
                    + " or a formula \"= ...\", got nothing");
        }
        if (s.value() instanceof String str && str.strip().startsWith("=")) {
            return formula(s, Optional.empty(), null);
        }
        return new ParsedParam(new FixedParam(name, value(s), Optional.empty(), keyAt), section, null, null);
    }

    private ParsedParam spec(YamlNode.Mapping m) {
        Nodes.onlyKeys(m, SPEC_KEYS, "the spec of " + what);
        List<YamlNode.Entry> kinds = new ArrayList<>();
        for (YamlNode.Entry e : m.entries()) {
            if (KINDS.contains(e.key())) {
                kinds.add(e);
            }
        }
        if (kinds.isEmpty()) {
            throw new SpaceError(keyAt, what + ": expected one of float, int, choice, fixed or formula in its spec");
        }
        if (kinds.size() > 1) {
            throw new SpaceError(kinds.get(1).keyLocation(), what + ": '" + kinds.get(0).key() + "' and '"
                    + kinds.get(1).key() + "' exclude each other: a parameter has one kind");
        }
        YamlNode.Entry kind = kinds.get(0);
        for (String numericOnly : List.of("log", "step")) {
            YamlNode.Entry e = m.entry(numericOnly);
            if (e != null && !kind.key().equals("float") && !kind.key().equals("int")) {
                throw new SpaceError(e.keyLocation(), what + ": " + numericOnly + " applies only to float and int, not to " + kind.key());
            }
        }
        YamlNode.Entry whenEntry = m.entry("when");
        ParsedParam.When when = whenEntry == null ? null : when(whenEntry.value());
        Optional<Condition> condition = whenEntry == null ? Optional.empty()
                : Optional.of(new Condition(parent(whenEntry.value()), values(when)));
        switch (kind.key()) {
            case "float" -> {
                return new ParsedParam(new NumericSpec(m, kind).floatParam(condition), section, when, null);
            }
            case "int" -> {
                return new ParsedParam(new NumericSpec(m, kind).intParam(condition), section, when, null);
            }
            case "choice" -> {
                return new ParsedParam(choice(kind.value(), condition), section, when, null);
            }
            case "fixed" -> {
                YamlNode.Scalar s = Nodes.scalar(kind.value(), what + ".fixed");
                return new ParsedParam(new FixedParam(name, value(s), condition, keyAt), section, when, null);
            }
            default -> {
                if (!(kind.value() instanceof YamlNode.Scalar s && s.value() instanceof String)) {
                    throw new SpaceError(kind.value().location(), what + ".formula: expected a formula such as"
                            + " \"base_lr * batch_size / 256\", got " + kind.value().describe());
                }
                return formula(s, condition, when);
            }
        }
    }

    private CategoricalParam choice(YamlNode node, Optional<Condition> condition) {
        YamlNode.Sequence list = Nodes.sequence(node, what + ".choice");
        if (list.items().isEmpty()) {
            throw new SpaceError(list.location(), what + ".choice: expected at least one value, got an empty list");
        }
        List<Object> choices = new ArrayList<>();
        for (YamlNode item : list.items()) {
            Object v = value(Nodes.scalar(item, what + ".choice"));
            for (Object earlier : choices) {
                if (Values.same(earlier, v)) {
                    throw new SpaceError(item.location(), what + ".choice: " + Values.format(v) + " is listed twice");
                }
            }
            choices.add(v);
        }
        return construct(() -> new CategoricalParam(name, choices, condition, keyAt));
    }

    /**
     * A literal or choice value, checked against the setting. Numbers are brought to the
     * setting's type: a float setting gets Doubles even where the file writes {@code 1}, and a
     * number written as a string (see {@link Nodes#number}) becomes a number.
     */
    private Object value(YamlNode.Scalar s) {
        Object v = s.value();
        if (setting == null) {
            return v;
        }
        if (setting.kind() == Setting.Kind.FLOAT && Nodes.numberValue(s) != null) {
            v = Nodes.numberValue(s).doubleValue();
        } else if (setting.kind() == Setting.Kind.INT && v instanceof String && Nodes.numberValue(s) instanceof Long l) {
            v = l;
        }
        String problem = setting.problem(v);
        if (problem != null) {
            throw new SpaceError(s.location(), what + ": " + problem + ", got " + s.describe());
        }
        return v;
    }

    private ParsedParam formula(YamlNode.Scalar s, Optional<Condition> condition, ParsedParam.When when) {
        if (setting != null && (setting.kind() == Setting.Kind.STRING || setting.kind() == Setting.Kind.BOOL)) {
            throw new SpaceError(s.location(), what + ": a formula gives a number, but " + name + " takes "
                    + takes(setting));
        }
        String text = (String) s.value();
        int eq = text.indexOf('=');
        // a formula: key may write the text with or without the leading '='
        int start = eq >= 0 && text.substring(0, eq).isBlank() ? eq + 1 : 0;
        SourceLocation at = new SourceLocation(s.contentStart().file(), s.contentStart().line(),
                s.contentStart().column() + start);
        Expression expression = Expression.parse(text.substring(start), at);
        if (expression.variables().isEmpty()) {
            // a formula of constants has one value: one that is no number (= 1 / 0) is an error now, not in every trial
            double v = expression.evaluate(java.util.Map.of());
            if (!Double.isFinite(v)) {
                throw new SpaceError(at, name + ": formula '" + expression.text() + "' gives " + v + ", not a finite number");
            }
        }
        return new ParsedParam(new DerivedParam(name, expression, condition, keyAt), section, when, at);
    }

    private static String takes(Setting setting) {
        if (setting.kind() == Setting.Kind.BOOL) {
            return "true or false";
        }
        return setting.choices().isEmpty() ? "text" : "one of " + String.join(", ", setting.choices());
    }

    private ParsedParam.When when(YamlNode node) {
        YamlNode.Mapping m = Nodes.mapping(node, what + ".when");
        if (m.entries().size() != 1) {
            throw new SpaceError(m.location(), what + ".when: expected exactly one parameter, as in {optimizer: nesterov}"
                    + " or {optimizer: [sgd, nesterov]}, got " + m.entries().size());
        }
        YamlNode.Entry e = m.entries().get(0);
        List<YamlNode.Scalar> values = new ArrayList<>();
        if (e.value() instanceof YamlNode.Sequence list) {
            if (list.items().isEmpty()) {
                throw new SpaceError(list.location(), what + ".when: expected at least one value of " + e.key() + ", got an empty list");
            }
            for (YamlNode item : list.items()) {
                values.add(Nodes.scalar(item, what + ".when." + e.key()));
            }
        } else {
            values.add(Nodes.scalar(e.value(), what + ".when." + e.key()));
        }
        return new ParsedParam.When(e.keyLocation(), values);
    }

    private static String parent(YamlNode when) {
        return ((YamlNode.Mapping) when).entries().get(0).key();
    }

    private static List<Object> values(ParsedParam.When when) {
        List<Object> out = new ArrayList<>();
        for (YamlNode.Scalar s : when.values()) {
            out.add(s.value());
        }
        return out;
    }

    /** Builds a record; its constructor's own checks are a last resort behind the ones above. */
    private <T> T construct(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new SpaceError(keyAt, what + ": " + e.getMessage());
        }
    }

    /** The float: / int: forms, which share range, log and step checks. */
    private final class NumericSpec {
        private final YamlNode.Entry kind;
        private final YamlNode lowNode;
        private final YamlNode highNode;
        private final YamlNode logNode;
        private final YamlNode stepNode;
        private final boolean log;

        NumericSpec(YamlNode.Mapping m, YamlNode.Entry kind) {
            this.kind = kind;
            checkSettingKind();
            YamlNode.Sequence range = Nodes.sequence(kind.value(), what + "." + kind.key());
            if (range.items().size() != 2) {
                throw new SpaceError(range.location(), what + "." + kind.key() + ": expected [low, high], got "
                        + range.items().size() + " value(s)");
            }
            lowNode = range.items().get(0);
            highNode = range.items().get(1);
            logNode = m.get("log");
            stepNode = m.get("step");
            log = logNode != null && Nodes.bool(logNode, what + ".log");
        }

        FloatParam floatParam(Optional<Condition> condition) {
            double low = Nodes.number(lowNode, what + " low bound");
            double high = Nodes.number(highNode, what + " high bound");
            checkRange(low, high);
            if (!Double.isFinite(high - low)) {
                // the unit-interval mapping computes high - low; an infinite width gives NaN values
                throw new SpaceError(kind.value().location(), what + ": the range is too wide to sample");
            }
            Double step = null;
            if (stepNode != null) {
                step = Nodes.number(stepNode, what + ".step");
                checkStep(step);
                checkStepFits(step, high - low);
                checkGridSize((high - low) / step);
            }
            checkBound(lowNode, Double.valueOf(low));
            checkBound(highNode, Double.valueOf(high));
            Double s = step;
            return construct(() -> new FloatParam(name, low, high, log, s, condition, keyAt));
        }

        IntParam intParam(Optional<Condition> condition) {
            long low = Nodes.integer(lowNode, what + " low bound");
            long high = Nodes.integer(highNode, what + " high bound");
            // IntParam maps through doubles and counts high - low: keep both exact and free of overflow
            checkIntBound(lowNode, low);
            checkIntBound(highNode, high);
            checkRange(low, high);
            long step = 1;
            if (stepNode != null) {
                step = Nodes.integer(stepNode, what + ".step");
                checkStep(step);
                checkStepFits(step, (double) high - low);
            }
            checkBound(lowNode, Long.valueOf(low));
            checkBound(highNode, Long.valueOf(high));
            long s = step;
            return construct(() -> new IntParam(name, low, high, log, s, condition, keyAt));
        }

        private void checkSettingKind() {
            if (setting == null) {
                return;
            }
            String use = switch (setting.kind()) {
                case INT -> kind.key().equals("int") ? null : "is an integer setting: use int: [low, high]";
                case FLOAT -> kind.key().equals("float") ? null
                        : "is a float setting: use float: [low, high] (add step: 1 for whole numbers)";
                case STRING, BOOL -> "takes " + takes(setting) + ": use choice: [...] or a single value";
            };
            if (use != null) {
                throw new SpaceError(kind.keyLocation(), name + " " + use);
            }
        }

        private void checkRange(double low, double high) {
            if (low > high) {
                throw new SpaceError(kind.value().location(), what + ": low " + Values.format(shown(low))
                        + " > high " + Values.format(shown(high)) + ": expected [low, high] with low <= high");
            }
            if (log && low <= 0) {
                throw new SpaceError(lowNode.location(), what + ": log scale needs low > 0, got " + Values.format(shown(low)));
            }
        }

        /** A step wider than the range leaves one value, low: almost surely not what was meant. */
        private void checkStepFits(double step, double width) {
            if (width > 0 && step > width) {
                throw new SpaceError(stepNode.location(), what + ".step: " + Values.format(shown(step))
                        + " is wider than the range (" + Values.format(shown(width)) + "): only the low bound could be"
                        + " sampled; expected a step <= high - low");
            }
        }

        private void checkStep(double step) {
            if (log) {
                throw new SpaceError(stepNode.location(), what + ": step and log exclude each other"
                        + " (equal steps are not log-uniform): drop one");
            }
            if (!(step > 0)) {
                throw new SpaceError(stepNode.location(), what + ".step: expected a number > 0, got " + stepNode.describe());
            }
        }

        private void checkIntBound(YamlNode node, long bound) {
            if (Math.abs(bound) > MAX_EXACT_INT) {
                throw new SpaceError(node.location(), what + ": expected an integer bound within ±" + MAX_EXACT_INT
                        + " (2^53), got " + node.describe());
            }
        }

        private void checkGridSize(double intervals) {
            if (intervals > MAX_GRID) {
                throw new SpaceError(stepNode.location(), what + ".step: " + stepNode.describe().replace("'", "")
                        + " makes more than " + (long) MAX_GRID + " grid points: use a larger step, or none");
            }
        }

        private void checkBound(YamlNode node, Object bound) {
            String problem = setting == null ? null : setting.problem(bound);
            if (problem != null) {
                throw new SpaceError(node.location(), what + ": " + problem + ", got " + node.describe());
            }
        }

        /** Bounds print as the file wrote them: an int: range shows 5, not 5.0. */
        private Object shown(double v) {
            return kind.key().equals("int") ? (Object) (long) v : (Object) v;
        }
    }
}
