package dev.liandan.space;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code trial:} section (a command trial; docs/space-format.md). Every placeholder must
 * name a parameter that every trial has, so that a typo fails at {@code validate} time rather than
 * as a program that gets a literal "{lrr}" an hour into a sweep.
 */
final class TrialSectionReader {
    static final List<String> KEYS = List.of("command", "workdir", "timeout", "grace", "env");
    /** The dl4j backend's sections, which mean nothing to a program liandan only starts. */
    static final List<String> DL4J_SECTIONS = List.of("model", "training");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(s|m|h)?");
    private static final double MAX_TIMEOUT_S = 30 * 24 * 3600;
    private static final double MAX_GRACE_S = 3600;

    private TrialSectionReader() {
    }

    /** With a trial section, {@code model:} and {@code training:} are a mistake: say where, and what to do. */
    static void refuseDl4jSections(YamlNode.Mapping top) {
        for (String section : DL4J_SECTIONS) {
            YamlNode.Entry e = top.entry(section);
            if (e != null) {
                throw new SpaceError(e.keyLocation(), section + ": settings of the dl4j backend do not apply to a"
                        + " command trial (trial:): put the program's parameters under params:");
            }
        }
    }

    /**
     * @param entry     the {@code trial} entry of the file
     * @param spaceFile a relative workdir starts at its folder
     * @param space     the study's parameters, which placeholders may name
     */
    static TrialSpec read(YamlNode.Entry entry, Path spaceFile, Space space) {
        YamlNode.Mapping m = Nodes.mapping(entry.value(), "trial");
        Nodes.onlyKeys(m, KEYS, "trial");
        checkEnvNames(space, entry.keyLocation());

        YamlNode commandNode = Nodes.require(m, "command", entry.keyLocation(), "trial");
        if (commandNode instanceof YamlNode.Scalar s && s.value() instanceof String) {
            throw new SpaceError(s.location(), "trial.command: expected a list [program, argument, ...], got a"
                    + " single text: it is not split into words and no shell runs it; write e.g."
                    + " [python3, train.py, --lr, \"{lr}\"]");
        }
        YamlNode.Sequence seq = Nodes.sequence(commandNode, "trial.command");
        if (seq.items().isEmpty()) {
            throw new SpaceError(seq.location(), "trial.command: expected at least the program, got an empty list");
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String what = "trial.command[" + i + "]";
            YamlNode.Scalar arg = Nodes.scalar(seq.items().get(i), what);
            checkTemplate(arg, what, space);
            command.add(arg.text());
        }
        if (command.get(0).isBlank()) {
            throw new SpaceError(seq.items().get(0).location(), "trial.command[0]: expected the program, got an empty text");
        }

        Path workdir = workdir(m.get("workdir"), spaceFile);
        Duration timeout = m.get("timeout") == null ? null
                : duration(m.get("timeout"), "trial.timeout", false, MAX_TIMEOUT_S);
        Duration grace = m.get("grace") == null ? TrialSpec.DEFAULT_GRACE
                : duration(m.get("grace"), "trial.grace", true, MAX_GRACE_S);

        Map<String, String> env = new LinkedHashMap<>();
        if (m.get("env") != null) {
            for (YamlNode.Entry e : Nodes.optionalMapping(m.get("env"), "trial.env").entries()) {
                String what = "trial.env." + e.key();
                if (!ENV_NAME.matcher(e.key()).matches()) {
                    throw new SpaceError(e.keyLocation(), "trial.env: '" + e.key() + "' is not a valid environment"
                            + " variable name: expected letters, digits and _, not starting with a digit");
                }
                if (e.key().startsWith("LIANDAN_")) {
                    throw new SpaceError(e.keyLocation(), "trial.env: " + e.key() + " is reserved: liandan sets"
                            + " the LIANDAN_ variables itself");
                }
                YamlNode.Scalar value = Nodes.scalar(e.value(), what);
                checkTemplate(value, what, space);
                env.put(e.key(), value.text());
            }
        }
        return new TrialSpec(command, workdir, timeout, grace, env, entry.keyLocation());
    }

    /** Each placeholder names a built-in or a parameter that every trial has (no {@code when}). */
    private static void checkTemplate(YamlNode.Scalar node, String what, Space space) {
        String text = node.text();
        List<Placeholders.Ref> refs;
        try {
            refs = Placeholders.refs(text);
        } catch (Placeholders.Malformed e) {
            throw new SpaceError(at(node, e.offset()), what + ": " + e.getMessage());
        }
        List<String> names = new ArrayList<>(Placeholders.BUILTINS);
        space.params().forEach(p -> names.add(p.name()));
        for (Placeholders.Ref ref : refs) {
            if (Placeholders.BUILTINS.contains(ref.name())) {
                continue;
            }
            Param p = space.get(ref.name()).orElseThrow(() -> new SpaceError(at(node, ref.offset()), what
                    + ": {" + ref.name() + "} names no parameter" + Nodes.didYouMean(ref.name(), names)
                    + "; expected a parameter under params: or one of "
                    + String.join(", ", Placeholders.BUILTINS.stream().map(b -> "{" + b + "}").toList())));
            if (p.condition().isPresent()) {
                throw new SpaceError(at(node, ref.offset()), what + ": {" + ref.name() + "} has a value only when "
                        + p.condition().get().param() + " allows it (when): a program argument cannot be left"
                        + " out; read it from LIANDAN_PARAMS or the environment, which hold the active parameters");
            }
        }
    }

    /** Where character {@code offset} of a scalar's text is, on its first line. */
    private static SourceLocation at(YamlNode.Scalar node, int offset) {
        SourceLocation s = node.contentStart();
        return new SourceLocation(s.file(), s.line(), s.column() + offset);
    }

    /** LIANDAN_PARAM_LR would be both 'lr' and 'LR': refuse such a pair up front. */
    private static void checkEnvNames(Space space, SourceLocation keyAt) {
        Map<String, String> seen = new HashMap<>();
        for (Param p : space.params()) {
            String var = "LIANDAN_PARAM_" + p.name().toUpperCase(Locale.ROOT);
            String other = seen.putIfAbsent(var, p.name());
            if (other != null) {
                SourceLocation where = p.location() != null ? p.location() : keyAt;
                throw new SpaceError(where, "params '" + other + "' and '" + p.name() + "' would share the"
                        + " environment variable " + var + " of a command trial: rename one");
            }
        }
    }

    private static Path workdir(YamlNode node, Path spaceFile) {
        Path folder = spaceFile.toAbsolutePath().getParent();
        if (node == null) {
            return folder == null ? Path.of("").toAbsolutePath() : folder;
        }
        String written = Nodes.string(node, "trial.workdir");
        Path dir;
        try {
            dir = (folder == null ? Path.of(written) : folder.resolve(written)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SpaceError(node.location(), "trial.workdir: '" + written + "' is not a valid path: " + e.getReason());
        }
        if (!Files.isDirectory(dir)) {
            throw new SpaceError(node.location(), "trial.workdir: folder not found: " + dir);
        }
        return dir;
    }

    /** Seconds as a number ({@code 90}, {@code 1.5}) or text with a unit ({@code 90s}, {@code 10m}, {@code 2h}). */
    static Duration duration(YamlNode node, String what, boolean zeroAllowed, double maxSeconds) {
        String expected = "expected seconds (e.g. 600) or a duration such as 90s, 10m, 2h";
        double seconds;
        Number n = Nodes.numberValue(node);
        if (n != null) {
            seconds = n.doubleValue();
        } else if (node instanceof YamlNode.Scalar s && s.value() instanceof String str) {
            Matcher mm = DURATION.matcher(str.strip());
            if (!mm.matches()) {
                throw new SpaceError(node.location(), what + ": " + expected + ", got " + node.describe());
            }
            double unit = mm.group(2) == null ? 1 : switch (mm.group(2)) {
                case "m" -> 60;
                case "h" -> 3600;
                default -> 1;
            };
            seconds = Double.parseDouble(mm.group(1)) * unit;
        } else {
            throw new SpaceError(node.location(), what + ": " + expected + ", got " + node.describe());
        }
        if (seconds < 0 || (!zeroAllowed && seconds == 0) || seconds > maxSeconds) {
            throw new SpaceError(node.location(), what + ": expected a duration " + (zeroAllowed ? ">= 0" : "> 0")
                    + " and at most " + Values.format((long) maxSeconds) + " s, got " + node.describe());
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
