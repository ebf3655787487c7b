package dev.liandan.space;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks that look across parameters, then the dependency order. What passes here cannot
 * fail in {@link Space#assign} for a reason the file could have shown: every name exists, no
 * condition is impossible, and a formula only reads numbers that are set whenever it is.
 */
final class SpaceChecker {
    private final List<ParsedParam> params;
    private final Map<String, ParsedParam> byName = new LinkedHashMap<>();
    private final Map<String, Integer> indexByName = new HashMap<>();

    private SpaceChecker(List<ParsedParam> params) {
        this.params = params;
        for (int i = 0; i < params.size(); i++) {
            byName.put(params.get(i).name(), params.get(i));
            indexByName.put(params.get(i).name(), i);
        }
    }

    static Space check(List<ParsedParam> params) {
        SpaceChecker checker = new SpaceChecker(params);
        // names first: the order and the value checks below look every name up
        for (ParsedParam p : params) {
            checker.checkNamesExist(p);
        }
        List<ParsedParam> sorted = DependencyOrder.sort(params, checker.indexByName);
        for (ParsedParam p : params) {
            checker.checkConditionValues(p);
            checker.checkFormulaReads(p);
        }
        List<Param> out = new ArrayList<>();
        for (ParsedParam p : sorted) {
            out.add(p.param());
        }
        return new Space(out);
    }

    private void checkNamesExist(ParsedParam p) {
        Optional<Condition> c = p.param().condition();
        if (c.isPresent() && !byName.containsKey(c.get().param())) {
            throw new SpaceError(p.when().parentAt(), p.what() + ".when: unknown parameter '" + c.get().param()
                    + "'" + Nodes.didYouMean(c.get().param(), byName.keySet()));
        }
        if (p.param() instanceof DerivedParam d) {
            for (String v : d.expression().variables()) {
                if (!byName.containsKey(v)) {
                    throw new SpaceError(nameAt(p, v), p.what() + ": the formula reads unknown parameter '" + v + "'"
                            + Nodes.didYouMean(v, byName.keySet()));
                }
            }
        }
    }

    /** A {@code when} value that the parent can never take would switch the parameter off for good. */
    private void checkConditionValues(ParsedParam p) {
        if (p.when() == null) {
            return;
        }
        Param parent = byName.get(p.param().condition().orElseThrow().param()).param();
        for (YamlNode.Scalar s : p.when().values()) {
            String never = never(parent, s.value());
            if (never != null) {
                throw new SpaceError(s.location(), p.what() + ".when: " + parent.name() + " never takes "
                        + s.describe() + ": " + never);
            }
        }
    }

    /** Why {@code parent} never takes {@code value}, or null when it can (or when that is unknown, for formulas). */
    private static String never(Param parent, Object value) {
        if (parent instanceof CategoricalParam c && !c.contains(value)) {
            return "expected one of its choices " + Nodes.list(c.choices());
        }
        if (parent instanceof FixedParam f && !Values.same(f.value(), value)) {
            return "it is fixed to " + Values.format(f.value()) + (f.location() == null ? " (its default)" : "");
        }
        if (parent instanceof FloatParam f && !f.contains(value)) {
            return "expected a number in its range [" + Values.format(f.low()) + ", " + Values.format(f.high()) + "]"
                    + (f.step() == null ? "" : " on its grid of step " + Values.format(f.step()));
        }
        if (parent instanceof IntParam i && !i.contains(value)) {
            return "expected an integer in its range [" + i.low() + ", " + i.high() + "]"
                    + (i.step() == 1 ? "" : " on its grid of step " + i.step());
        }
        return null;
    }

    private void checkFormulaReads(ParsedParam p) {
        if (!(p.param() instanceof DerivedParam d)) {
            return;
        }
        for (String v : d.expression().variables()) {
            Param read = byName.get(v).param();
            if (!numeric(read)) {
                throw new SpaceError(nameAt(p, v), p.what() + ": the formula reads '" + v + "', whose values are not"
                        + " all numbers");
            }
            if (!setWhenever(read, p.param())) {
                Condition c = read.condition().orElseThrow();
                throw new SpaceError(nameAt(p, v), p.what() + ": the formula reads '" + v + "', which has no value"
                        + " unless " + c.param() + " is " + Nodes.list(c.values()).replace(", ", " or ")
                        + ": give " + p.name() + " a when that implies it");
            }
        }
    }

    private static boolean numeric(Param p) {
        if (p instanceof FixedParam f) {
            return f.value() instanceof Number || f.value() instanceof Boolean;
        }
        if (p instanceof CategoricalParam c) {
            return c.choices().stream().allMatch(v -> v instanceof Number || v instanceof Boolean);
        }
        return true;
    }

    /**
     * Whether {@code read} has a value in every configuration where {@code reader} is active.
     * Checked after the dependency order, so the condition chains walked here have no cycles.
     */
    private boolean setWhenever(Param read, Param reader) {
        // what reader being active implies: each parent on its condition chain is set, and held
        // to the values its child's condition accepts (the nearest condition wins)
        Map<String, List<Object>> implied = new HashMap<>();
        for (Optional<Condition> c = reader.condition(); c.isPresent(); c = byName.get(c.get().param()).param().condition()) {
            implied.putIfAbsent(c.get().param(), c.get().values());
        }
        return setWhenever(read, implied);
    }

    /**
     * {@code read} is set when it has no condition, when it is on the reader's chain, or when its
     * parent is set and every value the parent can take there satisfies the condition (a parent
     * fixed to nesterov always switches on a parameter with when: {optimizer: nesterov}).
     */
    private boolean setWhenever(Param read, Map<String, List<Object>> implied) {
        if (read.condition().isEmpty() || implied.containsKey(read.name())) {
            return true;
        }
        Condition own = read.condition().get();
        Param parent = byName.get(own.param()).param();
        List<Object> possible = implied.containsKey(parent.name()) ? implied.get(parent.name()) : possibleValues(parent);
        return possible != null && possible.stream().allMatch(own::accepts) && setWhenever(parent, implied);
    }

    /** The values a parameter can take when it is set, where that is a short list; null otherwise. */
    private static List<Object> possibleValues(Param p) {
        if (p instanceof FixedParam f) {
            return List.of(f.value());
        }
        if (p instanceof CategoricalParam c) {
            return c.choices();
        }
        return null;
    }

    /** Where {@code name} is written inside {@code p}'s formula, for an error that points at it. */
    private static SourceLocation nameAt(ParsedParam p, String name) {
        SourceLocation at = p.expressionAt();
        String text = ((DerivedParam) p.param()).expression().text();
        // the name as a whole word, not a function call and not the exponent of a number like 1e5
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(name) + "(?![A-Za-z0-9_])(?!\\s*\\()")
                .matcher(text);
        int offset = m.find() ? m.start() : 0;
        return new SourceLocation(at.file(), at.line(), at.column() + offset);
    }
}
