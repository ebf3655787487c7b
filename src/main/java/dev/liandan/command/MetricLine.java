package dev.liandan.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.liandan.space.TrialSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One line of a command trial's output, read for metrics. Two forms report them
 * (docs/command-trials.md):
 * <pre>
 * liandan: epoch=3 val_accuracy=0.91 val_loss=0.30        after an epoch (epoch: an integer >= 1)
 * liandan: final val_accuracy=0.93                         at the end
 * {"liandan": {"epoch": 3, "val_accuracy": 0.91}}          the same as JSON lines
 * {"liandan": {"final": true, "val_accuracy": 0.93}}
 * </pre>
 * Every other line is ordinary output. A line that starts like a metric line but cannot be read
 * ({@code val_accuracy=0,91}, no epoch, a word for a number) is {@link Kind#MALFORMED}: it is
 * ignored, and the reason of a trial that then lacks its metric says why. Parsing never throws.
 * {@code nan} and {@code inf} (any case, as Python prints them) are read as non-finite numbers;
 * the backend decides what they mean.
 */
record MetricLine(Kind kind, int epoch, Map<String, Double> values, String problem) {

    enum Kind { OUTPUT, EPOCH, FINAL, MALFORMED }

    static final String PREFIX = "liandan:";
    static final MetricLine OUTPUT = new MetricLine(Kind.OUTPUT, 0, Map.of(), null);
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final int SHOWN = 80;
    // Python's json.dumps writes NaN and Infinity: read them, so that a diverged run says so
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    static MetricLine parse(String line) {
        String s = line.strip();
        if (s.startsWith(PREFIX)) {
            return text(s.substring(PREFIX.length()), s);
        }
        if (s.startsWith("{") && s.contains("\"liandan\"")) {
            return json(s);
        }
        return OUTPUT;
    }

    private static MetricLine text(String body, String line) {
        Map<String, Double> values = new LinkedHashMap<>();
        Integer epoch = null;
        boolean fin = false;
        String[] tokens = body.strip().split("\\s+");
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals("final")) {
                fin = true;
                continue;
            }
            int eq = token.indexOf('=');
            if (eq <= 0) {
                return malformed(line, "'" + shorten(token) + "' is not name=value");
            }
            String name = token.substring(0, eq);
            String text = token.substring(eq + 1);
            if (name.equals("epoch")) {
                epoch = epoch(text);
                if (epoch == null) {
                    return malformed(line, "epoch=" + shorten(text) + " is not an integer >= 1");
                }
                continue;
            }
            String problem = put(values, name, number(text), text);
            if (problem != null) {
                return malformed(line, problem);
            }
        }
        return report(line, epoch, fin, values);
    }

    private static MetricLine json(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return line.replace(" ", "").startsWith("{\"liandan\"")
                    ? malformed(line, "not valid JSON") : OUTPUT;
        }
        if (root == null || !root.isObject() || !root.has("liandan")) {
            return OUTPUT;
        }
        JsonNode body = root.get("liandan");
        if (!body.isObject()) {
            return malformed(line, "\"liandan\" must be an object of metrics");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Integer epoch = null;
        boolean fin = false;
        for (Map.Entry<String, JsonNode> f : body.properties()) {
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("final")) {
                if (!v.isBoolean()) {
                    return malformed(line, "\"final\" must be true or false");
                }
                fin = v.booleanValue();
            } else if (name.equals("epoch")) {
                epoch = v.canConvertToExactIntegral() && v.canConvertToInt() && v.asInt() >= 1 ? v.asInt() : null;
                if (epoch == null) {
                    return malformed(line, "\"epoch\": " + shorten(v.toString()) + " is not an integer >= 1");
                }
            } else {
                Double d = v.isNumber() ? Double.valueOf(v.doubleValue()) : v.isTextual() ? number(v.textValue()) : null;
                String problem = put(values, name, d, v.toString());
                if (problem != null) {
                    return malformed(line, problem);
                }
            }
        }
        return report(line, epoch, fin, values);
    }

    private static MetricLine report(String line, Integer epoch, boolean fin, Map<String, Double> values) {
        if (fin && epoch != null) {
            return malformed(line, "give epoch or final, not both");
        }
        if (!fin && epoch == null) {
            return malformed(line, "expected epoch=<n> or final");
        }
        if (values.isEmpty()) {
            return malformed(line, "no metric in it");
        }
        return new MetricLine(fin ? Kind.FINAL : Kind.EPOCH, fin ? 0 : epoch, Collections.unmodifiableMap(values), null);
    }

    /** Adds name=value, or says what is wrong with it. */
    private static String put(Map<String, Double> values, String name, Double value, String written) {
        if (!TrialSpec.METRIC_NAME.matcher(name).matches()) {
            return "'" + shorten(name) + "' is not a metric name";
        }
        if (value == null) {
            return name + "=" + shorten(written) + " is not a number";
        }
        values.put(name, value);
        return null;
    }

    /** A decimal number, or nan / inf / infinity with an optional sign (any case); else null. */
    static Double number(String text) {
        String t = text.strip();
        if (NUMBER.matcher(t).matches()) {
            return Double.parseDouble(t);
        }
        String lower = t.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }

    private static Integer epoch(String text) {
        if (!text.matches("\\d{1,9}")) {
            return null;
        }
        int e = Integer.parseInt(text);
        return e >= 1 ? e : null;
    }

    private static MetricLine malformed(String line, String problem) {
        return new MetricLine(Kind.MALFORMED, 0, Map.of(), "'" + shorten(line) + "': " + problem);
    }

    static String shorten(String s) {
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN - 1) + "…";
    }
}
