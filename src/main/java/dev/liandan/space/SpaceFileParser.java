package dev.liandan.space;

import dev.liandan.core.UserError;
import dev.liandan.core.Direction;
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
    static final List<String> TOP_KEYS = List.of("study", "data", "params", "model", "training", "objective", "search",
            "trial", "ensemble");
    private static final List<String> REQUIRED = List.of("study", "data", "objective");
    private static final Pattern STUDY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final List<String> METRICS = List.of("val_accuracy", "val_loss");
    private static final List<String> DIRECTIONS = List.of("maximize", "minimize");
    private static final List<String> SEARCH_KEYS = List.of("sampler", "trials", "seed", "options", "pruner", "retries", "time_budget");
    static final String DEFAULT_SAMPLER = "tpe";
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
        // a command trial (trial:) runs a program that brings its own data and model: data is optional
        boolean command = top.entry("trial") != null;
        for (String key : REQUIRED) {
            if (!(command && key.equals("data"))) {
                Nodes.require(top, key, start, "the space file");
            }
        }
        if (command) {
            TrialSectionReader.refuseDl4jSections(top);
        }

        String study = studyName(top.get("study"));
        DataSpec data = top.get("data") == null ? null
                : DataSectionReader.read(top.get("data"), top.entry("data").keyLocation(), file);
        Space space = SpaceChecker.check(ParamSectionsReader.read(top, !command));
        Objective objective = objective(top.get("objective"), top.entry("objective").keyLocation(), command);
        SearchSpec search = search(top.entry("search"), start);
        TrialSpec trial = command ? TrialSectionReader.read(top.entry("trial"), file, space) : null;
        EnsembleSpec ensemble = EnsembleSectionReader.read(top.entry("ensemble"));
        return new StudySpec(study, file, text, data, space, objective, search, trial,
                pruner(top.entry("search"), start), ensemble);
    }

    /**
     * A study name given on the command line ({@code --study}): the same alphabet as in a space
     * file, so that {@code ../elsewhere} cannot lead a command out of its results folder.
     */
    public static String checkStudyName(String name, String option) {
        if (name == null || !STUDY_NAME.matcher(name).matches()) {
            throw new dev.liandan.core.UserError(option + ": '" + name + "' is not a valid study name: expected at most"
                    + " 100 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return name;
    }

    private static String studyName(YamlNode node) {
        // the name becomes a folder (results/<study>/) and a storage key, hence the narrow alphabet
        String name = Nodes.scalar(node, "study").text();
        if (!STUDY_NAME.matcher(name).matches()) {
            throw new SpaceError(node.location(), "study: '" + name + "' is not a valid study name: expected"
                    + " at most 100 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return name;
    }

    /**
     * @param command a command trial's program may report any metric; the dl4j backend measures
     *                only {@link #METRICS}. A metric other than those needs its direction spelt out.
     */
    private static Objective objective(YamlNode node, SourceLocation keyAt, boolean command) {
        YamlNode.Mapping m = Nodes.mapping(node, "objective");
        Nodes.onlyKeys(m, List.of("metric", "direction"), "objective");
        YamlNode metricNode = Nodes.require(m, "metric", keyAt, "objective");
        String metric = command ? commandMetric(metricNode) : Nodes.word(metricNode, "objective.metric", METRICS);
        if (!METRICS.contains(metric) && m.get("direction") == null) {
            throw new SpaceError(metricNode.location(), "objective: metric '" + metric + "' needs a direction:"
                    + " add direction: maximize or direction: minimize");
        }
        // accuracy is made large and loss small; the file only needs to say so to go against that
        Direction direction = metric.equals("val_loss") ? Direction.MINIMIZE : Direction.MAXIMIZE;
        if (m.get("direction") != null) {
            String word = Nodes.word(m.get("direction"), "objective.direction", DIRECTIONS);
            direction = word.equals("maximize") ? Direction.MAXIMIZE : Direction.MINIMIZE;
        }
        return new Objective(metric, direction);
    }

    private static String commandMetric(YamlNode node) {
        String metric = Nodes.scalar(node, "objective.metric").text();
        if (!TrialSpec.METRIC_NAME.matcher(metric).matches() || metric.equals("epoch") || metric.equals("final")) {
            throw new SpaceError(node.location(), "objective.metric: '" + metric + "' is not a metric name the"
                    + " program can print: expected letters, digits, '_', '.', '/' and '-', starting with a letter"
                    + " or '_' (not 'epoch' or 'final')");
        }
        return metric;
    }

    /** {@code search.pruner}, or none (located like the default sampler). */
    private static PrunerSpec pruner(YamlNode.Entry search, SourceLocation start) {
        if (search == null) {
            return PrunerSpec.none(start);
        }
        YamlNode node = Nodes.optionalMapping(search.value(), "search").get("pruner");
        return node == null ? PrunerSpec.none(search.keyLocation()) : PrunerSectionReader.read(node);
    }

    /**
     * The search section. A sampler the file does not name is the default "tpe", whose
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
        SamplerOptions options = m.get("options") == null ? SamplerOptions.NONE : SearchOptionsReader.read(m.get("options"));
        int retries = SearchSpec.DEFAULT_RETRIES;
        if (m.get("retries") != null) {
            long r = Nodes.integer(m.get("retries"), "search.retries");
            if (r < 0 || r > 100) {
                throw new SpaceError(m.get("retries").location(), "search.retries: expected an integer in [0, 100], got " + r);
            }
            retries = (int) r;
        }
        java.time.Duration timeBudget = m.get("time_budget") == null ? null : TimeBudget.read(m.get("time_budget"));
        return new SearchSpec(sampler, trials, seed, samplerAt, options, retries, timeBudget);
    }
}
