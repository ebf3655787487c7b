package dev.liandan.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.study.StudyRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The value rules every storage shares, so that in-memory and JDBC storage hand back exactly the
 * same things: a test that passes on one passes on the other.
 */
final class StoredValues {

    /*
     * USE_LONG_FOR_INTS: without it Jackson reads small integers as Integer, and a Long param
     * would come back as a different type. Non-numeric numbers: a NaN loss is a real metric, and
     * Jackson would otherwise write it as the string "NaN" and read back a String.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private static final TypeReference<LinkedHashMap<String, Object>> PARAMS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Double>> METRICS = new TypeReference<>() {
    };

    private StoredValues() {
    }

    /**
     * A copy of the params in their order, with each value in its one stored type: Long for whole
     * numbers (Integer, Short and Byte widen), Double for the rest (Float widens), String,
     * Boolean, or null. Anything else is a programming error, not a user's.
     */
    static Map<String, Object> params(Map<String, Object> params) {
        if (params == null) {
            return Collections.unmodifiableMap(new LinkedHashMap<>());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            out.put(e.getKey(), paramValue(e.getKey(), e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object paramValue(String name, Object v) {
        if (v == null || v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        throw new IllegalArgumentException("parameter '" + name + "' has a value of type "
                + v.getClass().getName() + "; storage keeps String, Boolean, Long and Double");
    }

    static Map<String, Double> metrics(Map<String, Double> metrics) {
        return Collections.unmodifiableMap(metrics == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metrics));
    }

    /** SQL cannot store NaN (SQLite turns it into NULL), so a NaN objective is stored as "no value". */
    static Double value(Double value) {
        return value == null || value.isNaN() ? null : value;
    }

    /**
     * Intermediates by epoch to the list form where index 0 is epoch 1. An epoch never reported
     * (a gap) reads as NaN, so that every later value keeps its index.
     */
    static List<Double> intermediates(SortedMap<Integer, Double> byEpoch) {
        if (byEpoch.isEmpty()) {
            return List.of();
        }
        List<Double> out = new ArrayList<>(Collections.nCopies(byEpoch.lastKey(), Double.NaN));
        byEpoch.forEach((epoch, v) -> out.set(epoch - 1, v == null ? Double.NaN : v));
        return List.copyOf(out);
    }

    /** Storage keeps milliseconds (portable across databases), so every implementation truncates alike. */
    static Instant millis(Instant at) {
        return at == null ? null : Instant.ofEpochMilli(at.toEpochMilli());
    }

    static void checkEpoch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs count from 1, got " + epoch);
        }
    }

    static void checkFinal(TrialState state) {
        if (state == null || !state.finished()) {
            throw new IllegalArgumentException("a trial can only be finished as COMPLETE, PRUNED or FAILED, not " + state);
        }
    }

    /** A study's record as it will be stored: validated, createdAt in milliseconds (now if absent). */
    static StudyRecord study(StudyRecord s, Instant now) {
        if (s.name() == null || s.name().isBlank()) {
            throw new UserError("a study needs a non-blank name");
        }
        if (s.metric() == null || s.direction() == null) {
            throw new IllegalArgumentException("study '" + s.name() + "' needs a metric and a direction");
        }
        Instant created = s.createdAt() == null ? now : s.createdAt();
        return new StudyRecord(s.name(), s.spaceText(), s.spaceFile(), s.metric(), s.direction(), millis(created));
    }

    static UserError unknownStudy(String study, String where) {
        return new UserError("no study '" + study + "' in " + where);
    }

    static UserError unknownTrial(String study, int number, String where) {
        return new UserError("study '" + study + "' has no trial " + number + " in " + where);
    }

    static UserError duplicateStudy(String study, String where) {
        return new UserError("a study named '" + study + "' already exists in " + where);
    }

    static String paramsJson(Map<String, Object> params) {
        return write(params);
    }

    static String metricsJson(Map<String, Double> metrics) {
        return write(metrics);
    }

    static Map<String, Object> paramsFromJson(String json) {
        try {
            return params(JSON.readValue(json, PARAMS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored params are not valid JSON: " + json, e);
        }
    }

    static Map<String, Double> metricsFromJson(String json) {
        try {
            return metrics(JSON.readValue(json, METRICS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metrics are not valid JSON: " + json, e);
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + o, e);
        }
    }
}
