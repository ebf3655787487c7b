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
            "trial", "ensemble", "constraints");
    private static final List<String> REQUIRED = List.of("study", "data", "objective");
    private static final Pattern STUDY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final List<String> METRICS = List.of("val_accuracy", "val_loss", "val_rmse", "val_mae", "val_r2",
            "params", "train_s", "latency_ms");
    /** What a dl4j trial costs, measured once after training: an objective besides a per-epoch one. */
    static final List<String> COST_METRICS = List.of("params", "train_s", "latency_ms");
    /** The dl4j backend's metrics of a regression; the other metrics than val_loss are classification's. */
    static final List<String> REGRESSION_METRICS = List.of("val_rmse", "val_mae", "val_r2", "val_loss");
    /** Metrics made small unless the file says otherwise; every other built-in metric is made large. */
    private static final List<String> MINIMIZED = List.of("val_loss", "val_rmse", "val_mae", "params", "train_s",
            "latency_ms");
    private static final List<String> DIRECTIONS = List.of("maximize", "minimize");
    private static final List<String> SEARCH_KEYS = List.of("sampler", "trials", "seed", "options", "pruner", "retries", "time_budget",
            "max_failed");
    static final String DEFAULT_SAMPLER = SearchSpec.DEFAULT_SAMPLER;
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
        List<Objective> objectives = objectives(top.get("objective"), top.entry("objective").keyLocation(), command,
                data);
        Objective objective = objectives.get(0);
        SearchSpec search = search(top.entry("search"), start);
        TrialSpec trial = command ? TrialSectionReader.read(top.entry("trial"), file, space) : null;
        EnsembleSpec ensemble = EnsembleSectionReader.read(top.entry("ensemble"));
        return new StudySpec(study, file, text, data, space, objective, search, trial,
                pruner(top.entry("search"), start), ensemble, objectives, constraints(top.get("constraints"), command));
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
    private static Objective objective(YamlNode node, SourceLocation keyAt, boolean command, DataSpec data) {
        YamlNode.Mapping m = Nodes.mapping(node, "objective");
        Nodes.onlyKeys(m, List.of("metric", "direction", "target"), "objective");
        YamlNode metricNode = Nodes.require(m, "metric", keyAt, "objective");
        String metric = command ? commandMetric(metricNode) : Nodes.word(metricNode, "objective.metric", METRICS);
        if (!command && data != null && !COST_METRICS.contains(metric)) {
            boolean regression = data.regression();
            if (regression != REGRESSION_METRICS.contains(metric) && !metric.equals("val_loss")) {
                throw new SpaceError(metricNode.location(), "objective.metric: " + metric + (regression
                        ? " is a classification metric: with data.task: regression use val_rmse, val_mae, val_r2 or val_loss"
                        : " measures a regression: add task: regression to data, or use val_accuracy or val_loss"));
            }
        }
        if (!METRICS.contains(metric) && m.get("direction") == null) {
            throw new SpaceError(metricNode.location(), "objective: metric '" + metric + "' needs a direction:"
                    + " add direction: maximize or direction: minimize");
        }
        // accuracy and R² are made large, losses and errors small; the file only says so to go against that
        Direction direction = MINIMIZED.contains(metric) ? Direction.MINIMIZE : Direction.MAXIMIZE;
        if (m.get("direction") != null) {
            String word = Nodes.word(m.get("direction"), "objective.direction", DIRECTIONS);
            direction = word.equals("maximize") ? Direction.MAXIMIZE : Direction.MINIMIZE;
        }
        Double target = m.get("target") == null ? null : Nodes.number(m.get("target"), "objective.target");
        if (target != null && !Double.isFinite(target)) {
            throw new SpaceError(m.get("target").location(), "objective.target: expected a finite number, got "
                    + Values.format(target));
        }
        return new Objective(metric, direction, target);
    }

    /**
     * {@code objective}: one mapping, or a list of them for several objectives. A dl4j study's first
     * objective picks each trial's best epoch, so it must be measured every epoch (not a cost
     * metric); a target is for a single objective.
     */
    private static List<Objective> objectives(YamlNode node, SourceLocation keyAt, boolean command, DataSpec data) {
        if (!(node instanceof YamlNode.Sequence list)) {
            Objective one = objective(node, keyAt, command, data);
            firstIsPerEpoch(one, node, command);
            return List.of(one);
        }
        if (list.items().isEmpty()) {
            throw new SpaceError(list.location(), "objective: expected at least one {metric, direction}");
        }
        List<Objective> out = new java.util.ArrayList<>();
        for (YamlNode item : list.items()) {
            Objective o = objective(item, item.location(), command, data);
            if (o.target() != null) {
                throw new SpaceError(item.location(), "objective.target: only with a single objective");
            }
            for (Objective earlier : out) {
                if (earlier.metric().equals(o.metric())) {
                    throw new SpaceError(item.location(), "objective: metric '" + o.metric() + "' is listed twice");
                }
            }
            out.add(o);
        }
        firstIsPerEpoch(out.get(0), list.items().get(0), command);
        return List.copyOf(out);
    }

    private static void firstIsPerEpoch(Objective first, YamlNode at, boolean command) {
        if (!command && COST_METRICS.contains(first.metric())) {
            throw new SpaceError(at.location(), "objective: " + first.metric() + " is measured once after training,"
                    + " not per epoch: list a per-epoch metric (val_accuracy, val_rmse, ...) first");
        }
    }

    /** {@code constraints:}: a list of {@code "metric <= number"}; a dl4j study may bound only what it measures. */
    private static List<Constraint> constraints(YamlNode node, boolean command) {
        if (node == null) {
            return List.of();
        }
        List<Constraint> out = new java.util.ArrayList<>();
        for (YamlNode item : Nodes.sequence(node, "constraints").items()) {
            Constraint c = Constraint.parse(Nodes.scalar(item, "constraints").text(), item.location());
            if (!command && !METRICS.contains(c.metric()) && !c.metric().equals("train_loss")) {
                throw new SpaceError(item.location(), "constraints: the dl4j backend does not measure '" + c.metric()
                        + "': expected one of " + String.join(", ", METRICS) + ", train_loss");
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    /** The direction a built-in metric gets when the file gives none: losses, errors and costs small, the rest large. */
    public static Direction defaultDirection(String metric) {
        return MINIMIZED.contains(metric) ? Direction.MINIMIZE : Direction.MAXIMIZE;
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
     * The search section. A sampler the file does not name is the default ({@link SearchSpec#DEFAULT_SAMPLER}), whose
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
        Integer maxFailed = null;
        if (m.get("max_failed") != null) {
            long f = Nodes.integer(m.get("max_failed"), "search.max_failed");
            if (f < 1 || f > Integer.MAX_VALUE) {
                throw new SpaceError(m.get("max_failed").location(), "search.max_failed: expected an integer >= 1"
                        + (f < 1 ? "" : " and <= " + Integer.MAX_VALUE) + ", got " + f);
            }
            maxFailed = (int) f;
        }
        return new SearchSpec(sampler, trials, seed, samplerAt, options, retries, timeBudget, maxFailed);
    }
}
