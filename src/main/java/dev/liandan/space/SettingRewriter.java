package dev.liandan.space;

import dev.liandan.core.UserError;

/**
 * Rewrites one setting of a space file's text, keeping everything else as written (comments,
 * order, other values): how {@code liandan lr-find --apply} puts its suggested range into a copy
 * of the file. Block-style sections only; a flow-style section ({@code training: {lr: 0.1}}) is
 * refused with a clear message, since rewriting inside it would need a YAML emitter that loses
 * the user's layout.
 */
public final class SettingRewriter {
    private SettingRewriter() {
    }

    /**
     * {@code text} with {@code section.key} set to {@code value} (YAML flow text, such as
     * {@code {float: [0.001, 0.03], log: true}}): the old value, on its line or on the more
     * indented lines below, is replaced; a missing key is added as the section's first key; a
     * missing section is appended.
     */
    public static String replace(String text, String file, String section, String key, String value) {
        YamlNode root = YamlReader.read(text, file);
        if (!(root instanceof YamlNode.Mapping top)) {
            throw new UserError(file + ": expected a mapping at the top of the space file");
        }
        String[] lines = text.split("\n", -1);
        YamlNode.Entry sectionEntry = top.entry(section);
        if (sectionEntry == null) {
            String sep = text.endsWith("\n") || text.isEmpty() ? "" : "\n";
            return text + sep + section + ":\n  " + key + ": " + value + "\n";
        }
        YamlNode sectionValue = sectionEntry.value();
        if (sectionValue instanceof YamlNode.Scalar s && s.isNull()) {
            return insertAfter(lines, sectionEntry.keyLocation().line() - 1,
                    " ".repeat(sectionEntry.keyLocation().column() + 1) + key + ": " + value);
        }
        if (!(sectionValue instanceof YamlNode.Mapping m) || isFlow(lines, sectionValue.location())) {
            throw new UserError(sectionValue.location() + ": " + section + " is not a block mapping;"
                    + " write it one key per line to let liandan rewrite " + key);
        }
        YamlNode.Entry entry = m.entry(key);
        if (entry == null) {
            SourceLocation first = m.entries().get(0).keyLocation();
            return insertAfter(lines, sectionEntry.keyLocation().line() - 1,
                    " ".repeat(first.column() - 1) + key + ": " + value);
        }
        int line = entry.keyLocation().line() - 1;
        int column = entry.keyLocation().column() - 1;
        int colon = lines[line].indexOf(':', column + key.length());
        if (colon < 0) {
            throw new UserError(entry.keyLocation() + ": cannot find the ':' after " + key);
        }
        // the value runs to the end of the key's line and over the following lines indented deeper
        int last = line;
        for (int i = line + 1; i < lines.length; i++) {
            String l = lines[i];
            String stripped = l.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (indent(l) <= column) {
                break;
            }
            last = i;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == line) {
                out.append(lines[i], 0, colon + 1).append(' ').append(value);
                if (lines[last].endsWith("\r")) {
                    out.append('\r');
                }
            } else if (i > line && i <= last) {
                continue;
            } else {
                out.append(lines[i]);
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static boolean isFlow(String[] lines, SourceLocation at) {
        String l = lines[at.line() - 1];
        int c = at.column() - 1;
        return c < l.length() && l.charAt(c) == '{';
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String insertAfter(String[] lines, int index, String newLine) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            out.append(lines[i]);
            if (i < lines.length - 1 || i == index) {
                out.append('\n');
            }
            if (i == index) {
                out.append(newLine);
                if (i < lines.length - 1) {
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }
}
