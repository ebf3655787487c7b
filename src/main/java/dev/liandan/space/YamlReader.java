package dev.liandan.space;

import dev.liandan.core.UserError;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a located {@link YamlNode} tree with Jackson's streaming parser (SnakeYAML
 * underneath). Every YAML mistake becomes a {@link SpaceError} at the place SnakeYAML reports.
 */
final class YamlReader {
    // not YAMLFactory.builder(): its parser features start cleared, so an empty value reads as "" instead of null
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final String text;
    private final int[] lineStarts;

    private YamlReader(String file, String text) {
        this.file = file;
        this.text = text;
        this.lineStarts = lineStarts(text);
    }

    /** The document's root node, or null when the text holds no document (empty, comments only). */
    static YamlNode read(String text, String file) {
        return new YamlReader(file, text).readDocument();
    }

    private YamlNode readDocument() {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = node(p, first);
            if (p.nextToken() != null) {
                throw new SpaceError(location(p.currentTokenLocation()),
                        "a space file holds one YAML document; remove the second one (after '---')");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (YAMLException e) {
            // SnakeYAML errors that Jackson did not wrap (limits, bad characters) are still the user's
            throw syntaxError(e);
        } catch (IOException e) {
            // the text is already in memory, so this is not expected; still the user's input
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private YamlNode node(JsonParser p, JsonToken token) throws IOException {
        SourceLocation at = location(p.currentTokenLocation());
        switch (token) {
            case START_OBJECT -> {
                return mapping(p, at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(node(p, t));
                }
                return new YamlNode.Sequence(items, at);
            }
            default -> {
                return scalar(p, token, at);
            }
        }
    }

    private YamlNode.Mapping mapping(JsonParser p, SourceLocation at) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            SourceLocation keyAt = location(p.currentTokenLocation());
            SourceLocation first = seen.putIfAbsent(key, keyAt);
            if (first != null) {
                // YAML forbids duplicate keys, but SnakeYAML's event stream lets them through and a
                // map would silently keep the last one
                throw new SpaceError(keyAt, "duplicate key '" + key + "' (first at line " + first.line() + ")");
            }
            entries.add(new YamlNode.Entry(key, keyAt, node(p, p.nextToken())));
        }
        return new YamlNode.Mapping(entries, at);
    }

    private YamlNode scalar(JsonParser p, JsonToken token, SourceLocation at) throws IOException {
        String written = token == JsonToken.VALUE_NULL ? "" : p.getText();
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            // Jackson hands an alias over as the anchor's name, which would silently become the value
            throw new SpaceError(at, "YAML aliases (*" + written + ") are not supported here: write the value out");
        }
        Object value = switch (token) {
            case VALUE_STRING -> written;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> integer(p, written, at);
            case VALUE_NUMBER_FLOAT -> decimal(p, written, at);
            default -> throw new SpaceError(at, "unsupported YAML value '" + written + "'");
        };
        return new YamlNode.Scalar(value, written, at, contentStart(at));
    }

    private static Long integer(JsonParser p, String written, SourceLocation at) throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new SpaceError(at, "integer " + written + " is too large");
        }
        return p.getLongValue();
    }

    private static Double decimal(JsonParser p, String written, SourceLocation at) {
        double v;
        try {
            v = p.getDoubleValue();
        } catch (IOException e) {
            // .inf and .nan are YAML floats that Jackson cannot convert; no setting wants them anyway
            throw new SpaceError(at, "'" + written + "' is not a finite number");
        }
        if (!Double.isFinite(v)) {
            throw new SpaceError(at, "'" + written + "' is not a finite number");
        }
        return v;
    }

    /** One column further than {@code at} when the scalar there opens with a quote. */
    private SourceLocation contentStart(SourceLocation at) {
        int line = at.line() - 1;
        if (line < 0 || line >= lineStarts.length) {
            return at;
        }
        int offset = lineStarts[line] + at.column() - 1;
        if (offset >= 0 && offset < text.length() && (text.charAt(offset) == '"' || text.charAt(offset) == '\'')) {
            return new SourceLocation(at.file(), at.line(), at.column() + 1);
        }
        return at;
    }

    private SpaceError syntaxError(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                Mark mark = m.getProblemMark();
                String context = m.getContext() == null ? "" : " (" + firstLine(m.getContext()) + ")";
                return new SpaceError(new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1),
                        "invalid YAML: " + firstLine(m.getProblem()) + context);
            }
        }
        SourceLocation at = e instanceof JsonProcessingException j && j.getLocation() != null
                ? location(j.getLocation()) : new SourceLocation(file, 1, 1);
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new SpaceError(at, "invalid YAML: " + shorten(firstLine(message)));
    }

    private SourceLocation location(JsonLocation l) {
        return new SourceLocation(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Drops the dump of a SnakeYAML event that Jackson appends to some messages. */
    private static String shorten(String s) {
        int dump = s.indexOf(": <org.yaml");
        return dump < 0 ? s : s.substring(0, dump);
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }
}
