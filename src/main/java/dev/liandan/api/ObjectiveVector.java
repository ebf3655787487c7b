package dev.liandan.api;

import dev.liandan.space.Objective;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trial's returned values become in storage, exactly as a sweep of several objectives keeps
 * them (so the leaderboard, report and samplers read an API study like a sweep's): the first
 * objective's value is the trial's value; every objective's value is also a metric under its name
 * (the others are read from there, {@code study.ObjectiveValues}); the metrics the objective set
 * with {@link Trial#setMetric} join them. A vector that does not fit the objectives is a reason to
 * fail the trial.
 *
 * @param failure why the trial fails, or null
 */
record ObjectiveVector(Double value, Map<String, Double> metrics, String failure) {

    /** One objective's value, as a single-objective study has always stored it: no metric added. */
    static ObjectiveVector ofValue(double value, Map<String, Double> setMetrics) {
        if (!Double.isFinite(value)) {
            return new ObjectiveVector(null, Map.of(), "the objective returned " + value);
        }
        return new ObjectiveVector(value, Map.copyOf(setMetrics), null);
    }

    /** {@code values} for {@code objectives}, in order. */
    static ObjectiveVector of(double[] values, List<Objective> objectives, Map<String, Double> setMetrics) {
        if (values == null) {
            return new ObjectiveVector(null, Map.of(), "the objective returned null for " + describe(objectives));
        }
        if (values.length != objectives.size()) {
            return new ObjectiveVector(null, Map.of(), "the objective returned " + values.length
                    + (values.length == 1 ? " value" : " values") + " for " + describe(objectives));
        }
        if (objectives.size() == 1) {
            return ofValue(values[0], setMetrics);
        }
        Map<String, Double> metrics = new LinkedHashMap<>(setMetrics);
        for (int k = 0; k < values.length; k++) {
            String metric = objectives.get(k).metric();
            if (!Double.isFinite(values[k])) {
                return new ObjectiveVector(null, Map.of(), "the objective returned " + values[k] + " for " + metric);
            }
            metrics.put(metric, values[k]);
        }
        return new ObjectiveVector(values[0], metrics, null);
    }

    /** "2 objectives (accuracy, params)". */
    static String describe(List<Objective> objectives) {
        StringBuilder sb = new StringBuilder();
        for (Objective o : objectives) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.metric());
        }
        return objectives.size() + (objectives.size() == 1 ? " objective (" : " objectives (") + sb + ")";
    }
}
