package dev.liandan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The files other commands leave in a study's folder that the report shows when they exist. The
 * formats the report reads (fields not listed are ignored; every field but the members is optional):
 *
 * <pre>
 * DIR/&lt;study&gt;/ensemble/manifest.json
 *   {"method": "caruana",
 *    "metric": {"name": "accuracy", "validation": 0.98, "test": 0.975},   // the ensemble's scores
 *    "members": [{"trial": 7, "weight": 0.5, "validation": 0.97, "test": 0.96}, ...],
 *    "best_single": {"trial": 7, "validation": 0.97, "test": 0.96},
 *    "cross_fit": {"ensemble": 0.95, "best_single": 0.96, "replaced": true, "chosen_method": "caruana", ...}}
 * DIR/&lt;study&gt;/lr-find/lr-find.csv      header "lr,loss", one row per step
 * DIR/&lt;study&gt;/lr-find/suggestion.json  {"lr": 0.003, "range": [0.0003, 0.01]}
 * </pre>
 *
 * A file that exists but cannot be read is not an error of the report: its section says why.
 */
final class StudyFiles {
    static final String ENSEMBLE_MANIFEST = "ensemble/manifest.json";
    static final String LR_FIND_CSV = "lr-find/lr-find.csv";
    static final String LR_FIND_SUGGESTION = "lr-find/suggestion.json";

    private StudyFiles() {
    }

    record Member(int trial, Double weight, Double validation, Double test) {
    }

    /**
     * @param crossFit what the validation cross-fit said (null in bundles written without it)
     * @param problem  why the manifest could not be read; null when it was
     */
    record Ensemble(Path file, String method, String metric, List<Member> members, Double validation, Double test,
                    Integer bestSingleTrial, Double bestSingleValidation, Double bestSingleTest, CrossFit crossFit,
                    String problem) {
    }

    /** The held-out accuracy of the chosen ensemble and of the best single trial on the validation cross-fit. */
    record CrossFit(Double ensemble, Double bestSingle, boolean replaced, String chosenMethod) {
    }

    /** @param points (lr, loss) pairs; @param problem why the files could not be read, or null */
    record LrFind(Path file, List<double[]> points, Double suggestion, Double rangeLow, Double rangeHigh,
                  String problem) {
    }

    static Optional<Ensemble> ensemble(Path studyDir) {
        Path file = studyDir.resolve(ENSEMBLE_MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            JsonNode members = root.path("members");
            if (!members.isArray()) {
                return Optional.of(broken(file, "it has no \"members\" list"));
            }
            List<Member> list = new ArrayList<>();
            for (JsonNode m : members) {
                JsonNode trial = m.has("trial") ? m.get("trial") : m.path("number");
                if (!trial.canConvertToInt()) {
                    return Optional.of(broken(file, "a member has no trial number"));
                }
                list.add(new Member(trial.asInt(), number(m, "weight"), number(m, "validation"), number(m, "test")));
            }
            JsonNode best = root.path("best_single");
            JsonNode metric = root.path("metric");
            JsonNode cross = root.path("cross_fit");
            CrossFit crossFit = cross.isObject() ? new CrossFit(number(cross, "ensemble"), number(cross, "best_single"),
                    cross.path("replaced").asBoolean(false), text(cross, "chosen_method")) : null;
            return Optional.of(new Ensemble(file, text(root, "method"), text(metric, "name"), list,
                    number(metric, "validation"), number(metric, "test"),
                    best.path("trial").canConvertToInt() ? best.get("trial").asInt() : null,
                    number(best, "validation"), number(best, "test"), crossFit, null));
        } catch (IOException e) {
            return Optional.of(broken(file, firstLine(e)));
        }
    }

    private static Ensemble broken(Path file, String why) {
        return new Ensemble(file, null, null, List.of(), null, null, null, null, null, null, why);
    }

    static Optional<LrFind> lrFind(Path studyDir) {
        Path csv = studyDir.resolve(LR_FIND_CSV);
        if (!Files.isRegularFile(csv)) {
            return Optional.empty();
        }
        List<double[]> points = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).trim().toLowerCase(Locale.ROOT).replace(" ", "").equals("lr,loss")) {
                return Optional.of(new LrFind(csv, List.of(), null, null, null, "expected the header lr,loss"));
            }
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split(",");
                try {
                    points.add(new double[]{Double.parseDouble(cells[0].trim()), Double.parseDouble(cells[1].trim())});
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    return Optional.of(new LrFind(csv, List.of(), null, null, null,
                            "line " + (i + 1) + ": expected two numbers, got '" + line + "'"));
                }
            }
        } catch (IOException e) {
            return Optional.of(new LrFind(csv, List.of(), null, null, null, firstLine(e)));
        }
        Double suggestion = null;
        Double low = null;
        Double high = null;
        Path json = studyDir.resolve(LR_FIND_SUGGESTION);
        if (Files.isRegularFile(json)) {
            try {
                JsonNode root = new ObjectMapper().readTree(json.toFile());
                suggestion = number(root, "lr");
                JsonNode range = root.path("range");
                if (range.isArray() && range.size() == 2 && range.get(0).isNumber() && range.get(1).isNumber()) {
                    low = range.get(0).asDouble();
                    high = range.get(1).asDouble();
                }
            } catch (IOException e) {
                return Optional.of(new LrFind(csv, points, null, null, null, json.getFileName() + ": " + firstLine(e)));
            }
        }
        return Optional.of(new LrFind(csv, points, suggestion, low, high, null));
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() ? v.asText() : null;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
