package dev.liandan.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liandan.study.StudyStorage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trial's user attributes, kept as study attributes {@code trial.<number>.user.<key>} with a
 * JSON value: every storage keeps study attributes, and a worker elsewhere reads them alike.
 */
final class UserAttributes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UserAttributes() {
    }

    static String key(int trial, String key) {
        return "trial." + trial + ".user." + key;
    }

    static void set(StudyStorage storage, String study, int trial, String key, Object value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a user attribute needs a name");
        }
        try {
            storage.setStudyAttribute(study, key(trial, key), JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("user attribute '" + key + "' cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Every trial's attributes, by trial number, from the study's attributes. */
    static Map<Integer, Map<String, Object>> all(Map<String, String> studyAttributes) {
        Map<Integer, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : studyAttributes.entrySet()) {
            String k = e.getKey();
            int dot = k.indexOf(".user.");
            if (!k.startsWith("trial.") || dot < 0) {
                continue;
            }
            try {
                int n = Integer.parseInt(k.substring("trial.".length(), dot));
                out.computeIfAbsent(n, x -> new LinkedHashMap<>())
                        .put(k.substring(dot + ".user.".length()), JSON.readValue(e.getValue(), Object.class));
            } catch (NumberFormatException | JsonProcessingException ignored) {
                // not one of ours
            }
        }
        return out;
    }
}
