package dev.liandan.space;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of a space file's YAML together with where it was written. The parser works on this
 * small tree instead of Jackson's own so that every error, however deep, can name file:line:column.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    SourceLocation location();

    /** How the node reads in an error message: "a mapping", "a list", "'ten'". */
    String describe();

    /** One {@code key: value} of a mapping; the key's place is where "unknown key" errors point. */
    record Entry(String key, SourceLocation keyLocation, YamlNode value) {
    }

    /** A mapping, entries in file order (keys are unique: the reader rejects duplicates). */
    record Mapping(List<Entry> entries, SourceLocation location) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Entry entry(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }

        /** The value under {@code key}, or null when the key is absent. */
        YamlNode get(String key) {
            Entry e = entry(key);
            return e == null ? null : e.value();
        }

        List<String> keys() {
            List<String> keys = new ArrayList<>();
            for (Entry e : entries) {
                keys.add(e.key());
            }
            return keys;
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar: {@code value} is a Long, Double, Boolean, String, or null for YAML's null (an
     * empty value, {@code ~}, {@code null}); {@code text} is the scalar as written.
     * {@code contentStart} is where the characters of the value begin, one column after
     * {@code location} for a quoted string, so that a formula's error can point inside it.
     */
    record Scalar(Object value, String text, SourceLocation location, SourceLocation contentStart)
            implements YamlNode {

        boolean isNull() {
            return value == null;
        }

        @Override
        public String describe() {
            return value == null ? "nothing" : "'" + text + "'";
        }
    }
}
