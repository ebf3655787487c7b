package dev.liandan.space;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Typed reads of {@link YamlNode}s: each returns the value it promises or throws a
 * {@link SpaceError} at the node that says what was expected and what was found. {@code what}
 * names the place in messages, e.g. "search.trials".
 */
final class Nodes {
    private Nodes() {
    }

    static YamlNode.Mapping mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        throw new SpaceError(node.location(), what + ": expected a mapping (key: value lines), got " + node.describe());
    }

    /** A section that may be left empty ({@code params:} with nothing under it): null becomes no entries. */
    static YamlNode.Mapping optionalMapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return new YamlNode.Mapping(List.of(), s.location());
        }
        return mapping(node, what);
    }

    static YamlNode.Sequence sequence(YamlNode node, String what) {
        if (node instanceof YamlNode.Sequence s) {
            return s;
        }
        throw new SpaceError(node.location(), what + ": expected a list [a, b, ...], got " + node.describe());
    }

    /** A non-null scalar value: Long, Double, Boolean or String. */
    static YamlNode.Scalar scalar(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            return s;
        }
        throw new SpaceError(node.location(), what + ": expected a single value, got " + node.describe());
    }

    static String string(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String str) {
            return str;
        }
        throw new SpaceError(node.location(), what + ": expected a text value, got " + node.describe());
    }

    /** A word from a fixed list, e.g. normalize: standard | minmax | none. */
    static String word(YamlNode node, String what, List<String> allowed) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String str && allowed.contains(str)) {
            return str;
        }
        throw new SpaceError(node.location(), what + ": expected one of " + String.join(", ", allowed)
                + ", got " + node.describe() + suggestion(node, allowed));
    }

    static boolean bool(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        throw new SpaceError(node.location(), what + ": expected true or false, got " + node.describe());
    }

    /**
     * A whole number. A quoted numeric string is accepted too: a number is what the place wants,
     * and YAML's rules for what is a number are easy to trip over.
     */
    static long integer(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.value() instanceof Long l) {
                return l;
            }
            if (s.value() instanceof String str) {
                try {
                    return Long.parseLong(str.strip());
                } catch (NumberFormatException e) {
                    // not an integer: fall through to the error
                }
            }
        }
        throw new SpaceError(node.location(), what + ": expected an integer, got " + node.describe());
    }

    /**
     * A finite number, as a double. A string that parses as a number is accepted, because YAML
     * 1.1 resolvers disagree on forms such as {@code 1e-4} (no dot, no sign on the exponent),
     * which some read as a string; where a number is expected, such a string is clearly meant as one.
     */
    static double number(YamlNode node, String what) {
        Number n = numberValue(node);
        if (n == null) {
            throw new SpaceError(node.location(), what + ": expected a number, got " + node.describe());
        }
        return n.doubleValue();
    }

    /** The scalar as a Long or Double when it is or reads as a finite number, else null. */
    static Number numberValue(YamlNode node) {
        if (!(node instanceof YamlNode.Scalar s)) {
            return null;
        }
        if (s.value() instanceof Long || s.value() instanceof Double) {
            return (Number) s.value();
        }
        if (s.value() instanceof String str) {
            return parseNumber(str);
        }
        return null;
    }

    /** A decimal number written as text ("1e-4", "32"), or null; Java-only forms such as "NaN", "1d" or "0x1p3" are refused. */
    static Number parseNumber(String str) {
        String t = str.strip();
        if (!t.matches("[-+]?(\\d[\\d_]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
            return null;
        }
        t = t.replace("_", "");
        if (t.matches("[-+]?\\d+")) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        double d = Double.parseDouble(t);
        return Double.isFinite(d) ? d : null;
    }

    /** Rejects keys of {@code m} outside {@code allowed}, at the first unknown key. */
    static void onlyKeys(YamlNode.Mapping m, Collection<String> allowed, String where) {
        for (YamlNode.Entry e : m.entries()) {
            if (!allowed.contains(e.key())) {
                throw new SpaceError(e.keyLocation(), "unknown key '" + e.key() + "' in " + where
                        + ": expected one of " + String.join(", ", allowed) + didYouMean(e.key(), allowed));
            }
        }
    }

    /**
     * The value under a required key; a missing key is reported where the mapping is introduced
     * ({@code at}: the section's own key, or the file's start for the top level).
     */
    static YamlNode require(YamlNode.Mapping m, String key, SourceLocation at, String where) {
        YamlNode value = m.get(key);
        if (value == null) {
            throw new SpaceError(at, where + ": missing required key '" + key + "'");
        }
        return value;
    }

    private static String suggestion(YamlNode node, Collection<String> allowed) {
        return node instanceof YamlNode.Scalar s && s.value() instanceof String str ? didYouMean(str, allowed) : "";
    }

    /** " (did you mean 'x'?)" for the closest name within two edits, else "". */
    static String didYouMean(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String c : candidates) {
            int d = editDistance(name.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null || best.equals(name) ? "" : " (did you mean '" + best + "'?)";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Values as the file would show them: "relu, tanh" or "32, 64". */
    static String list(Collection<?> values) {
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(Values.format(v));
        }
        return String.join(", ", out);
    }
}
