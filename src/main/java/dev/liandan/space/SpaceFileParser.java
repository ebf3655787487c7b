package dev.liandan.space;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a space file (YAML; the format is described in docs/space-format.md) into a validated
 * {@link StudySpec}. Every mistake in the file is a {@link SpaceError} at file:line:column that
 * says what was expected; an unreadable file is a {@link UserError}. Nothing else is thrown for
 * bad input.
 */
public final class SpaceFileParser {
    static final List<String> TOP_KEYS = List.of("study", "data", "params", "model", "training", "objective", "search");
    private static final List<String> REQUIRED = List.of("study", "data", "objective");
    private static final Pattern STUDY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final List<String> METRICS = List.of("val_accuracy", "val_loss");
    private static final List<String> DIRECTIONS = List.of("maximize", "minimize");
    private static final List<String> SEARCH_KEYS = List.of("sampler", "trials", "seed", "retries");
    static final String DEFAULT_SAMPLER = "random";
    static final int DEFAULT_TRIALS = 20;

    private SpaceFileParser() {
    }

    /** Reads and parses {@code file}. */
    public static StudySpec parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": cannot read: no such file");
        } catch (AccessDeniedException e) {
            throw new UserError(file + ": cannot read: permission denied");
        } catch (CharacterCodingException e) {
            throw new UserError(file + ": cannot read: not UTF-8 text");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file);
    }

    /**
     * Parses {@code text} as if read from {@code file}: the file names the place in messages and
     * its folder is where a relative data path starts. A stored study is re-parsed this way.
     */
    public static StudySpec parse(String text, Path file) {
        String name = file.toString();
        // a byte-order mark is not YAML content; dropping it keeps columns of the first line right
        String yaml = text.startsWith("\uFEFF") ? text.substring(1) : text;
        SourceLocation start = new SourceLocation(name, 1, 1);
        YamlNode root = YamlReader.read(yaml, name);
        if (root == null) {
            throw new SpaceError(start, "the file is empty: expected a mapping with study, data and objective");
        }
        YamlNode.Mapping top = Nodes.mapping(root, "the space file");
        Nodes.onlyKeys(top, TOP_KEYS, "the space file");
        for (String key : REQUIRED) {
            Nodes.require(top, key, start, "the space file");
        }

        String study = studyName(top.get("study"));
        DataSpec data = DataSectionReader.read(top.get("data"), top.entry("data").keyLocation(), file);
        Space space = SpaceChecker.check(ParamSectionsReader.read(top));
        Objective objective = objective(top.get("objective"), top.entry("objective").keyLocation());
        SearchSpec search = search(top.entry("search"), start);
        return new StudySpec(study, file, text, data, space, objective, search);
    }

    private static String studyName(YamlNode node) {
        // the name becomes a folder (results/<study>/) and a storage key, hence the narrow alphabet
        String name = Nodes.scalar(node, "study").text();
        if (!STUDY_NAME.matcher(name).matches()) {
            throw new SpaceError(node.location(), "study: '" + name + "' is not a valid study name: expected"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return name;
    }

    private static Objective objective(YamlNode node, SourceLocation keyAt) {
        YamlNode.Mapping m = Nodes.mapping(node, "objective");
        Nodes.onlyKeys(m, List.of("metric", "direction"), "objective");
        String metric = Nodes.word(Nodes.require(m, "metric", keyAt, "objective"), "objective.metric", METRICS);
        // accuracy is made large and loss small; the file only needs to say so to go against that
        Direction direction = metric.equals("val_loss") ? Direction.MINIMIZE : Direction.MAXIMIZE;
        if (m.get("direction") != null) {
            String word = Nodes.word(m.get("direction"), "objective.direction", DIRECTIONS);
            direction = word.equals("maximize") ? Direction.MAXIMIZE : Direction.MINIMIZE;
        }
        return new Objective(metric, direction);
    }

    /**
     * The search section. A sampler the file does not name is the default "random", whose
     * location is the search key, or the file's start without one: never null, so that a later
     * layer can always point somewhere.
     */
    private static SearchSpec search(YamlNode.Entry entry, SourceLocation start) {
        if (entry == null) {
            return new SearchSpec(DEFAULT_SAMPLER, DEFAULT_TRIALS, 0, start);
        }
        YamlNode.Mapping m = Nodes.optionalMapping(entry.value(), "search");
        Nodes.onlyKeys(m, SEARCH_KEYS, "search");
        String sampler = DEFAULT_SAMPLER;
        SourceLocation samplerAt = entry.keyLocation();
        if (m.get("sampler") != null) {
            sampler = Nodes.string(m.get("sampler"), "search.sampler");
            samplerAt = m.get("sampler").location();
        }
        int trials = DEFAULT_TRIALS;
        if (m.get("trials") != null) {
            long t = Nodes.integer(m.get("trials"), "search.trials");
            if (t < 1 || t > Integer.MAX_VALUE) {
                throw new SpaceError(m.get("trials").location(), "search.trials: expected an integer >= 1"
                        + (t < 1 ? "" : " and <= " + Integer.MAX_VALUE) + ", got " + t);
            }
            trials = (int) t;
        }
        long seed = m.get("seed") == null ? 0 : Nodes.integer(m.get("seed"), "search.seed");
        int retries = SearchSpec.DEFAULT_RETRIES;
        if (m.get("retries") != null) {
            long r = Nodes.integer(m.get("retries"), "search.retries");
            if (r < 0 || r > 100) {
                throw new SpaceError(m.get("retries").location(), "search.retries: expected an integer in [0, 100], got " + r);
            }
            retries = (int) r;
        }
        return new SearchSpec(sampler, trials, seed, samplerAt, retries);
    }
}
