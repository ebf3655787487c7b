package dev.liandan.space;

import dev.liandan.core.UserError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An arithmetic formula over parameter names: numbers, names, {@code + - * / ^}, parentheses and
 * the functions log, log2, log10, exp, sqrt, abs, min, max, round, floor, ceil. Written by hand
 * (a few dozen lines of recursive descent) because it must report the exact column of a mistake
 * and list the names it reads, which the derived-parameter cycle check needs.
 */
public final class Expression {
    static final int MAX_LENGTH = 2000;

    private final String text;
    private final Node root;
    private final Set<String> variables;

    private Expression(String text, Node root, Set<String> variables) {
        this.text = text;
        this.root = root;
        this.variables = Collections.unmodifiableSet(variables);
    }

    /**
     * Parses {@code text}; {@code at} is where the text starts in the file, so an error points at
     * the offending character.
     */
    public static Expression parse(String text, SourceLocation at) {
        Parser p = new Parser(text, at);
        if (text.length() > MAX_LENGTH) {
            // a chain of n operators evaluates n levels deep; bounding the text bounds the stack
            throw p.error("expression is longer than " + MAX_LENGTH + " characters");
        }
        Node root = p.expression();
        p.skipSpaces();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "' in expression");
        }
        return new Expression(text, root, p.names);
    }

    public String text() {
        return text;
    }

    /** The parameter names the formula reads. */
    public Set<String> variables() {
        return variables;
    }

    /** Evaluates with the given parameter values (numbers, or booleans as 1/0). */
    public double evaluate(Map<String, Object> values) {
        double v = root.eval(name -> {
            if (!values.containsKey(name)) {
                throw new UserError("expression '" + text + "' reads '" + name + "', which has no value in this trial");
            }
            return Values.number(name, values.get(name));
        });
        if (!Double.isFinite(v) && !variables.isEmpty()) {
            // a trial would get the text "Infinity" or "NaN" as its value
            Map<String, Object> read = new java.util.TreeMap<>();
            variables.forEach(n -> read.put(n, values.get(n)));
            throw new UserError("expression '" + text + "' gives " + v + " for " + read + ", not a finite number");
        }
        return v;
    }

    /**
     * Two expressions are equal when their texts are: the text decides the formula, and a study
     * parsed twice from the same file must give equal {@link StudySpec}s.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Expression e && e.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private interface Node {
        double eval(Function<String, Double> lookup);
    }

    private static final class Parser {
        private final String s;
        private final SourceLocation at;
        private static final int MAX_DEPTH = 200;
        private final Set<String> names = new LinkedHashSet<>();
        private int pos;
        private int depth;

        Parser(String s, SourceLocation at) {
            this.s = s;
            this.at = at;
        }

        SpaceError error(String message) {
            SourceLocation where = at == null ? new SourceLocation("<expression>", 1, pos + 1)
                    : new SourceLocation(at.file(), at.line(), at.column() + pos);
            // the formula is echoed for context, cut so that the message stays one readable line
            String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
            return new SpaceError(where, message + " (in \"" + shown + "\")");
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(char c) {
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        Node expression() {
            Node left = term();
            while (true) {
                if (eat('+')) {
                    Node l = left, r = term();
                    left = v -> l.eval(v) + r.eval(v);
                } else if (eat('-')) {
                    Node l = left, r = term();
                    left = v -> l.eval(v) - r.eval(v);
                } else {
                    return left;
                }
            }
        }

        Node term() {
            Node left = unary();
            while (true) {
                if (eat('*')) {
                    Node l = left, r = unary();
                    left = v -> l.eval(v) * r.eval(v);
                } else if (eat('/')) {
                    Node l = left, r = unary();
                    left = v -> l.eval(v) / r.eval(v);
                } else {
                    return left;
                }
            }
        }

        // Unary minus binds looser than '^' (as in Python and in maths): -2^2 is -(2^2) = -4, and
        // the exponent may itself be signed: 2^-1 = 0.5. '^' is right-associative: 2^3^2 = 2^9.
        Node unary() {
            // every parenthesis, sign and exponent passes through here and costs stack frames: a
            // runaway formula must fail as a user error, not as a StackOverflowError
            if (++depth > MAX_DEPTH) {
                throw error("expression nests deeper than " + MAX_DEPTH + " levels");
            }
            try {
                return signed();
            } finally {
                depth--;
            }
        }

        Node signed() {
            if (eat('-')) {
                Node inner = unary();
                return v -> -inner.eval(v);
            }
            return power();
        }

        Node power() {
            Node base = primary();
            if (eat('^')) {
                Node exponent = unary();
                return v -> Math.pow(base.eval(v), exponent.eval(v));
            }
            return base;
        }

        Node primary() {
            if (pos >= s.length()) {
                throw error("expression ends too early: expected a number, a name or '('");
            }
            char c = s.charAt(pos);
            if (eat('(')) {
                Node inner = expression();
                if (!eat(')')) {
                    throw error("expected ')'");
                }
                return inner;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String name = s.substring(start, pos);
                if (eat('(')) {
                    return call(name, start);
                }
                names.add(name);
                return v -> v.apply(name);
            }
            throw error("unexpected '" + c + "': expected a number, a name or '('");
        }

        Node number() {
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
            try {
                double value = Double.parseDouble(s.substring(start, pos));
                return v -> value;
            } catch (NumberFormatException e) {
                pos = start;
                throw error("bad number '" + s.substring(start) + "'");
            }
        }

        Node call(String function, int start) {
            List<Node> args = new ArrayList<>();
            if (!eat(')')) {
                do {
                    args.add(expression());
                } while (eat(','));
                if (!eat(')')) {
                    throw error("expected ',' or ')' in call of " + function);
                }
            }
            int arity = switch (function) {
                case "log", "log2", "log10", "exp", "sqrt", "abs", "round", "floor", "ceil" -> 1;
                case "min", "max" -> 2;
                default -> {
                    pos = start;
                    throw error("unknown function '" + function
                            + "': expected one of log, log2, log10, exp, sqrt, abs, round, floor, ceil, min, max");
                }
            };
            if (args.size() != arity) {
                pos = start;
                throw error(function + " takes " + arity + " argument(s), got " + args.size());
            }
            Node a = args.get(0);
            Node b = arity == 2 ? args.get(1) : null;
            return switch (function) {
                case "log" -> v -> Math.log(a.eval(v));
                case "log2" -> v -> Math.log(a.eval(v)) / Math.log(2);
                case "log10" -> v -> Math.log10(a.eval(v));
                case "exp" -> v -> Math.exp(a.eval(v));
                case "sqrt" -> v -> Math.sqrt(a.eval(v));
                case "abs" -> v -> Math.abs(a.eval(v));
                case "round" -> v -> Math.rint(a.eval(v));
                case "floor" -> v -> Math.floor(a.eval(v));
                case "ceil" -> v -> Math.ceil(a.eval(v));
                case "min" -> v -> Math.min(a.eval(v), b.eval(v));
                default -> v -> Math.max(a.eval(v), b.eval(v));
            };
        }
    }
}
