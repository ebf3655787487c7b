package dev.liandan.space;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {name}} placeholders of a command trial's arguments and environment values, with
 * Python's {@code str.format} escapes: {@code {{} is a literal '{' and {@code }}} a literal '}'.
 * One parser serves both the space-file check (names exist) and the substitution at run time, so
 * the two can never disagree about what a template means.
 *
 * <p>Substitution is plain text: the value becomes part of one argument, never shell input.
 */
public final class Placeholders {
    /** Values liandan fills in itself; the dot keeps them apart from parameter names. */
    public static final List<String> BUILTINS = List.of("liandan.study", "liandan.trial", "liandan.seed",
            "liandan.artifact_dir", "liandan.params_file");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private Placeholders() {
    }

    /** A placeholder {@code {name}} starting at {@code offset} (the '{') of its template. */
    public record Ref(String name, int offset) {
    }

    /** A template that is not well formed; {@code offset} is where, 0-based. */
    public static final class Malformed extends IllegalArgumentException {
        private final int offset;

        Malformed(int offset, String message) {
            super(message);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    /** The placeholders of {@code template}, in order. */
    public static List<Ref> refs(String template) {
        List<Ref> out = new ArrayList<>();
        scan(template, out, null);
        return out;
    }

    /** {@code template} with each placeholder replaced by {@code value.apply(name)}. */
    public static String fill(String template, Function<String, String> value) {
        StringBuilder sb = new StringBuilder(template.length() + 16);
        scan(template, new ArrayList<>(), (ref, literal) -> {
            if (ref != null) {
                sb.append(value.apply(ref.name()));
            } else {
                sb.append(literal);
            }
        });
        return sb.toString();
    }

    private interface Sink {
        void accept(Ref ref, char literal);
    }

    private static void scan(String t, List<Ref> refs, Sink sink) {
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '{' && i + 1 < t.length() && t.charAt(i + 1) == '{') {
                emit(sink, null, '{');
                i += 2;
            } else if (c == '}' && i + 1 < t.length() && t.charAt(i + 1) == '}') {
                emit(sink, null, '}');
                i += 2;
            } else if (c == '}') {
                throw new Malformed(i, "a lone '}': write }} for a literal '}'");
            } else if (c == '{') {
                int close = t.indexOf('}', i + 1);
                if (close < 0) {
                    throw new Malformed(i, "'{' is not closed: expected {name}, or {{ for a literal '{'");
                }
                String name = t.substring(i + 1, close);
                Matcher m = NAME.matcher(name);
                if (!m.matches()) {
                    throw new Malformed(i, "'{" + name + "}' is not a placeholder: expected {name} with a"
                            + " parameter's name, or {{ for a literal '{'");
                }
                Ref ref = new Ref(name, i);
                refs.add(ref);
                emit(sink, ref, '\0');
                i = close + 1;
            } else {
                emit(sink, null, c);
                i++;
            }
        }
    }

    private static void emit(Sink sink, Ref ref, char c) {
        if (sink != null) {
            sink.accept(ref, c);
        }
    }
}
