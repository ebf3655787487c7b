package dev.liandan.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.liandan.core.TrialState;
import dev.liandan.space.Values;
import dev.liandan.study.Ranking;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.Trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import dev.liandan.space.Objective;
import dev.liandan.study.ParetoRanking;

/**
 * The ranked trials of a study, read from storage only, in four formats. COMPLETE trials are
 * ranked by the objective ({@link Ranking}: ties to the lower val_loss, then the lower trial number); with {@code all}, the PRUNED, FAILED
 * and RUNNING trials follow, unranked. The parameter columns are those whose values differ
 * between the study's trials (all of them when there is only one trial), so fixed settings do not
 * crowd the table; JSON carries the parameters the trial used under "params" and every stored
 * setting under "settings".
 */
public final class Leaderboard {
    /** The JSON format's name and version; bump the version on any incompatible change. */
    public static final String JSON_FORMAT = "liandan-leaderboard/1";

    private final StudyRecord study;
    private final List<Row> rows;
    private final List<String> paramColumns;
    private final List<String> metricColumns;
    /** Several objectives: each ranked trial's Pareto front and values, by trial number; else empty. */
    private Map<Integer, ParetoRanking.Ranked> pareto = Map.of();
    private List<Objective> objectives = List.of();
    private final Map<String, Boolean> wholeColumns = new java.util.HashMap<>();

    public record Row(Integer rank, Trial trial) {
    }

    private Leaderboard(StudyRecord study, List<Row> rows, List<String> paramColumns, List<String> metricColumns) {
        this.study = study;
        this.rows = rows;
        this.paramColumns = paramColumns;
        this.metricColumns = metricColumns;
    }

    /**
     * @param top keep the best {@code top} ranked trials (0: all)
     * @param all also list trials that are not COMPLETE, after the ranked ones
     */
    public static Leaderboard of(StudyRecord study, List<Trial> trials, int top, boolean all) {
        List<Row> rows = new ArrayList<>();
        int rank = 1;
        for (Trial t : Ranking.ranked(trials, study.direction())) {
            if (top > 0 && rank > top) {
                break;
            }
            rows.add(new Row(rank++, t));
        }
        if (all) {
            trials.stream().filter(t -> t.state() != TrialState.COMPLETE || t.value() == null)
                    .forEach(t -> rows.add(new Row(null, t)));
        }
        return new Leaderboard(study, rows, varyingParams(trials), metricNames(trials, study.metric()));
    }

    /**
     * As {@link #of(StudyRecord, List, int, boolean)}; with several {@code objectives} the ranked
     * trials are ordered by Pareto front, then by the first objective ({@link ParetoRanking}), and
     * every format shows each trial's front (JSON: {@code "pareto_front"}, {@code "pareto"} and
     * {@code "values"}).
     */
    public static Leaderboard of(StudyRecord study, List<Trial> trials, int top, boolean all,
                                 List<Objective> objectives) {
        if (objectives == null || objectives.size() < 2) {
            return of(study, trials, top, all);
        }
        List<ParetoRanking.Ranked> ranked = ParetoRanking.ranked(trials, objectives);
        List<Row> rows = new ArrayList<>();
        int rank = 1;
        for (ParetoRanking.Ranked r : ranked) {
            if (top > 0 && rank > top) {
                break;
            }
            rows.add(new Row(rank++, r.trial()));
        }
        if (all) {
            java.util.Set<Integer> shown = ParetoRanking.byNumber(ranked).keySet();
            trials.stream().filter(t -> !shown.contains(t.number())).forEach(t -> rows.add(new Row(null, t)));
        }
        Leaderboard board = new Leaderboard(study, rows, varyingParams(trials), metricNames(trials, study.metric()));
        board.pareto = ParetoRanking.byNumber(ranked);
        board.objectives = List.copyOf(objectives);
        return board;
    }

    /**
     * The same rows with only the named metric and parameter columns (metrics first, each group in
     * the order given); rank, trial, the objective, epochs, duration and state always stay. Any
     * parameter of the trials may be named, whether or not it varies.
     */
    public Leaderboard withColumns(List<String> names) {
        Set<String> metrics = new TreeSet<>();
        Set<String> params = new TreeSet<>();
        for (Row r : rows) {
            metrics.addAll(r.trial().metrics().keySet());
            params.addAll(r.trial().params().keySet());
        }
        metrics.remove(study.metric());
        List<String> m = new ArrayList<>();
        List<String> p = new ArrayList<>();
        for (String name : names) {
            if (metrics.contains(name)) {
                m.add(name);
            } else if (params.contains(name)) {
                p.add(name);
            } else if (!name.equals(study.metric())) {
                throw new dev.liandan.core.UserError("--columns: no metric or parameter '" + name + "' in study '"
                        + study.name() + "': expected one of " + String.join(", ", metrics) + ", " + String.join(", ", params));
            }
        }
        Leaderboard out = new Leaderboard(study, rows, p, m);
        out.pareto = pareto;
        out.objectives = objectives;
        return out;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<String> paramColumns() {
        return paramColumns;
    }

    private static List<String> varyingParams(List<Trial> trials) {
        Set<String> names = new LinkedHashSet<>();
        trials.forEach(t -> names.addAll(t.params().keySet()));
        if (trials.size() < 2) {
            return new ArrayList<>(names);
        }
        List<String> varying = new ArrayList<>();
        for (String name : names) {
            Object first = trials.get(0).params().get(name);
            boolean differs = trials.stream().anyMatch(t -> !Objects.equals(t.params().get(name), first)
                    && !Values.same(t.params().get(name), first));
            if (differs) {
                varying.add(name);
            }
        }
        return varying;
    }

    private static List<String> metricNames(List<Trial> trials, String objective) {
        Set<String> names = new TreeSet<>();
        trials.forEach(t -> names.addAll(t.metrics().keySet()));
        names.remove(objective);
        return new ArrayList<>(names);
    }

    private static final Set<String> OWN_COLUMNS = Set.of("rank", "trial", "epochs", "duration_s", "state");

    /** The column names, shared by every format (and the HTML report). */
    List<String> header() {
        List<String> h = new ArrayList<>(List.of("rank", "trial"));
        if (!objectives.isEmpty()) {
            h.add("front");
        }
        h.add(study.metric());
        h.addAll(metricColumns);
        for (String p : paramColumns) {
            // a parameter named like another column (a command trial's searched "epochs") is told apart
            h.add(OWN_COLUMNS.contains(p) || metricColumns.contains(p) || p.equals(study.metric()) ? "param." + p : p);
        }
        h.addAll(List.of("epochs", "duration_s", "state"));
        return h;
    }

    /** A row's cells as text, shared by every format (and the HTML report). */
    List<String> cells(Row row) {
        Trial t = row.trial();
        List<String> c = new ArrayList<>();
        c.add(row.rank() == null ? "-" : row.rank().toString());
        c.add(Integer.toString(t.number()));
        if (!objectives.isEmpty()) {
            ParetoRanking.Ranked p = pareto.get(t.number());
            c.add(p == null ? "-" : Integer.toString(p.front()));
        }
        c.add(metric(study.metric(), t.value()));
        for (String m : metricColumns) {
            c.add(metric(m, t.metrics().get(m)));
        }
        for (String p : paramColumns) {
            c.add(param(t.params().get(p)));
        }
        c.add(Integer.toString(t.epochs()));
        Double d = t.durationSeconds();
        c.add(d == null ? "" : String.format(Locale.ROOT, "%.1f", d));
        c.add(t.state() == TrialState.FAILED && t.failReason() != null ? "FAILED: " + t.failReason() : t.state().name());
        return c;
    }

    /**
     * A metric's cell, in one format per column: whole numbers where every value of the column is
     * one (best_epoch), else four decimals throughout (an accuracy of 1 is 1.0000 beside 0.9722).
     */
    private String metric(String column, Double v) {
        if (v == null) {
            return "";
        }
        boolean whole = wholeColumns.computeIfAbsent(column, c -> rows.stream()
                .map(r -> c.equals(study.metric()) ? r.trial().value() : r.trial().metrics().get(c))
                .allMatch(x -> x == null || (x == Math.rint(x) && Math.abs(x) < 1e9)));
        return whole ? Long.toString(v.longValue()) : String.format(Locale.ROOT, "%.4f", v);
    }

    static String number(Double v) {
        if (v == null) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString(v.longValue());
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String param(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            double a = Math.abs(d);
            return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.3g", d)
                    : String.format(Locale.ROOT, "%.4g", d).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return Values.format(v);
    }

    /** A plain-text table with aligned columns, for the terminal. */
    public String table() {
        List<String> header = header();
        List<List<String>> body = rows.stream().map(this::cells).toList();
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : body) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendAligned(sb, header, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        sb.append(rule).append('\n');
        body.forEach(r -> appendAligned(sb, r, width));
        if (body.isEmpty()) {
            sb.append("(no finished trials yet)\n");
        }
        return sb.toString();
    }

    private static void appendAligned(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(i == 0 ? "" : "  ");
            line.append(i == cells.size() - 1 ? cell : String.format("%-" + width[i] + "s", cell));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    /** A GitHub-flavoured Markdown table. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        List<String> header = header();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        sb.append("|").append(" --- |".repeat(header.size())).append('\n');
        for (Row r : rows) {
            List<String> cells = cells(r).stream().map(c -> c.replace("|", "\\|")).toList();
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return sb.toString();
    }

    /** RFC 4180 CSV with a header row; the state column's failure reason goes in its own column. */
    public String csv() {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(header());
        header.add("fail_reason");
        sb.append(String.join(",", header.stream().map(Leaderboard::csvCell).toList())).append('\n');
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(cells(r));
            cells.set(cells.size() - 1, r.trial().state().name());
            cells.add(r.trial().failReason() == null ? "" : r.trial().failReason());
            sb.append(String.join(",", cells.stream().map(Leaderboard::csvCell).toList())).append('\n');
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** The stable JSON form documented in docs/cli.md ({@value #JSON_FORMAT}). */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", JSON_FORMAT);
        root.put("study", study.name());
        root.put("metric", study.metric());
        root.put("direction", study.direction().name().toLowerCase(Locale.ROOT));
        if (!objectives.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Objective o : objectives) {
                list.add(Map.of("metric", o.metric(), "direction", o.direction().name().toLowerCase(Locale.ROOT)));
            }
            root.put("objectives", list);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Trial t = r.trial();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rank", r.rank());
            m.put("number", t.number());
            m.put("state", t.state().name());
            m.put("value", t.value());
            if (!objectives.isEmpty()) {
                ParetoRanking.Ranked p = pareto.get(t.number());
                m.put("values", p == null ? null : p.values());
                m.put("pareto_front", p == null ? null : p.front());
                m.put("pareto", p != null && p.pareto());
            }
            m.put("metrics", new java.util.TreeMap<>(t.metrics()));
            // what the trial used; every stored setting, the unused defaults included, under "settings"
            m.put("params", dev.liandan.space.ActiveSettings.isCommandStudy(study.spaceText()) ? t.params()
                    : dev.liandan.space.ActiveSettings.of(t.params()));
            m.put("settings", t.params());
            m.put("epochs", t.epochs());
            m.put("intermediate_values", t.intermediates());
            m.put("duration_s", t.durationSeconds());
            m.put("started_at", t.startedAt() == null ? null : t.startedAt().toString());
            m.put("finished_at", t.finishedAt() == null ? null : t.finishedAt().toString());
            m.put("seed", t.seed());
            m.put("retry_of", t.retryOf());
            m.put("fail_reason", t.failReason());
            list.add(m);
        }
        root.put("trials", list);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write leaderboard JSON", e);
        }
    }

    /** The output in the named format: table, markdown, csv or json. */
    public String format(Format format) {
        switch (format) {
            case MARKDOWN:
                return markdown();
            case CSV:
                return csv();
            case JSON:
                return json();
            default:
                return table();
        }
    }

    public enum Format { TABLE, MARKDOWN, CSV, JSON }
}
