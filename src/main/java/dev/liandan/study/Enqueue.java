package dev.liandan.study;

import dev.liandan.core.Seeds;
import dev.liandan.space.CategoricalParam;
import dev.liandan.core.Direction;
import dev.liandan.space.FloatParam;
import dev.liandan.space.IntParam;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.space.Values;

import dev.liandan.core.Observation;
import dev.liandan.sampler.SampleRequest;
import dev.liandan.sampler.Samplers;

import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Warm start: configurations given by the user, or taken from the best trials of another study,
 * added to a study as WAITING trials. A configuration may leave searched parameters out: the
 * study's sampler fills them in when it is enqueued. Workers run them before any sampled trial, in the order
 * they were enqueued (as Optuna's {@code enqueue_trial}); each is claimed by exactly one worker.
 */
public final class Enqueue {
    private Enqueue() {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A JSON object of parameter values ({@code {"lr": 0.01, "units": 64}}) as a configuration. */
    public static Config parseJson(String json, String origin) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new UserError(origin + ": expected a JSON object of parameter values such as {\"lr\": 0.01}, got "
                        + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : node.properties()) {
                com.fasterxml.jackson.databind.JsonNode v = e.getValue();
                if (v.isContainerNode()) {
                    throw new UserError(origin + ": parameter '" + e.getKey() + "': expected a number, string or boolean");
                }
                values.put(e.getKey(), v.isNull() ? null : v.isIntegralNumber() ? (Object) v.asLong()
                        : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.asText());
            }
            return new Config(origin, values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String what = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new UserError(origin + ": not valid JSON: " + what);
        }
    }

    /** JSON Lines: one object per line; blank lines are skipped. Origins are {@code name:line}. */
    public static List<Config> parseJsonLines(String text, String name) {
        List<Config> out = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(parseJson(lines.get(i), name + ":" + (i + 1)));
            }
        }
        if (out.isEmpty()) {
            throw new UserError(name + ": no configurations: expected one JSON object per line");
        }
        return out;
    }

    /** One configuration and where it came from ("--params", "configs.jsonl:3", "study other, trial 7"). */
    public record Config(String origin, Map<String, Object> values) {
    }

    /** A configuration of another study that cannot be one of this space, and why. */
    public record Skipped(String origin, String reason) {
    }

    /** The configurations taken from another study, and those left out. */
    public record WarmStart(List<Config> configs, List<Skipped> skipped) {
    }

    /**
     * The whole configuration (fixed and derived values too) for the searched values in
     * {@code c}: every key must be a searched parameter of the space that is active, every value
     * inside its range; numbers take their parameter's type (an int parameter given 64.0 gets 64).
     *
     * @throws UserError naming the origin and the parameter
     */
    public static Map<String, Object> resolve(Space space, Config c) {
        return resolve(space, c, null);
    }

    /**
     * As {@link #resolve(Space, Config)}, but an active searched parameter that {@code c} leaves
     * out takes its value from {@code fill} (null: it is an error).
     */
    static Map<String, Object> resolve(Space space, Config c, Function<SearchableParam, Object> fill) {
        Map<String, SearchableParam> searched = new LinkedHashMap<>();
        for (SearchableParam p : space.searchable()) {
            searched.put(p.name(), p);
        }
        for (String key : c.values().keySet()) {
            if (!searched.containsKey(key)) {
                String kind = space.get(key).map(p -> " is fixed or derived in the space; give only searched parameters")
                        .orElse(" is not a parameter of the space");
                throw new UserError(c.origin() + ": '" + key + "'" + kind + " (searched: "
                        + String.join(", ", searched.keySet()) + ")");
            }
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        c.values().forEach((k, v) -> typed.put(k, typed(searched.get(k), v)));
        Map<String, Object> config;
        try {
            if (fill == null) {
                config = space.resolve(typed);
            } else {
                Map<String, Object> filled = new LinkedHashMap<>(typed);
                config = space.resolve(new java.util.AbstractMap<String, Object>() {
                    @Override
                    public Object get(Object name) {
                        return filled.computeIfAbsent((String) name, n -> fill.apply(searched.get(n)));
                    }

                    @Override
                    public Set<Map.Entry<String, Object>> entrySet() {
                        return filled.entrySet();
                    }
                });
            }
        } catch (UserError e) {
            throw new UserError(c.origin() + ": " + e.getMessage() + describe(searched.get(paramOf(e.getMessage()))));
        }
        for (String key : typed.keySet()) {
            if (!config.containsKey(key)) {
                throw new UserError(c.origin() + ": parameter '" + key + "' is not active for this configuration ("
                        + searched.get(key).condition().map(w -> "it needs " + w.param() + " in " + w.values())
                        .orElse("its condition does not hold") + ")");
            }
        }
        return config;
    }

    private static Object typed(SearchableParam p, Object v) {
        if (v instanceof Number n && p instanceof IntParam && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof Number n && p instanceof FloatParam) {
            return n.doubleValue();
        }
        if (p instanceof CategoricalParam cat && cat.indexOf(v) >= 0) {
            return cat.choices().get(cat.indexOf(v)); // "64" for a choice of 64 stays a number, and so on
        }
        return v;
    }

    private static String paramOf(String message) {
        int a = message.indexOf('\'');
        int b = a < 0 ? -1 : message.indexOf('\'', a + 1);
        return b < 0 ? "" : message.substring(a + 1, b);
    }

    private static String describe(SearchableParam p) {
        if (p instanceof IntParam i) {
            return ": expected an integer in [" + i.low() + ", " + i.high() + "]";
        }
        if (p instanceof FloatParam f) {
            return ": expected a number in [" + Values.format(f.low()) + ", " + Values.format(f.high()) + "]";
        }
        if (p instanceof CategoricalParam c) {
            return ": expected one of " + c.choices();
        }
        return "";
    }

    /**
     * Checks every configuration first (one bad one enqueues nothing), then adds them in order.
     * Each gets a seed of its own, derived from the study's seed and its place in the study.
     */
    public static List<Trial> enqueue(StudyStorage storage, StudySpec spec, List<Config> configs) {
        List<Trial> trials = storage.trials(spec.name());
        List<Observation> history = trials.stream().map(Trial::observation).toList();
        // the sampler's index of each enqueued trial: it counts as a sampled one (see StudyRunner)
        int sampled = (int) trials.stream().filter(t -> t.retryOf() == null).count();
        List<Map<String, Object>> resolved = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            resolved.add(resolve(spec.space(), configs.get(i), filler(spec, history, sampled + i)));
        }
        int start = trials.size();
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            // A seed stream apart from the sampler's (Seeds.mix(seed, index)), by a fixed odd salt.
            long seed = Seeds.mix(spec.search().seed() ^ 0x5DEECE66DL, start + i) & 0x7fffffffL;
            out.add(storage.enqueueTrial(spec.name(), new NewTrial(resolved.get(i), seed, null, null)));
        }
        return out;
    }

    /**
     * Where the values a configuration leaves out come from, as Optuna's {@code enqueue_trial}
     * lets its sampler suggest them: the study's sampler proposes the trial at {@code index} from
     * the history so far, and a parameter the proposal lacks (one that only the given values make
     * active: momentum once optimizer is given as nesterov) is drawn uniformly on its unit
     * interval. Seeded by the study's seed and the index, so the same study fills alike. The
     * sampler is asked only if something is missing.
     */
    private static Function<SearchableParam, Object> filler(StudySpec spec, List<Observation> history, int index) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> proposal = new java.util.concurrent.atomic.AtomicReference<>();
        SplittableRandom rng = new SplittableRandom(Seeds.mix(spec.search().seed() ^ 0x9E3779B97F4A7C15L, index));
        return p -> {
            if (proposal.get() == null) {
                proposal.set(Samplers.configured(spec.search())
                        .sample(new SampleRequest(spec.space(), history, spec.objective().direction(), spec.search().seed(), index))
                        .orElse(Map.of()));
            }
            Object v = proposal.get().get(p.name());
            return v != null && p.contains(v) ? v : p.fromUnit(rng.nextDouble());
        };
    }

    /**
     * The searched values of the {@code top} best COMPLETE trials of another study (ranked by its
     * own direction), as configurations of {@code space}. A trial whose values do not fit this
     * space (a parameter it lacks, a value out of range, a parameter that is inactive here) is
     * skipped with its reason, so that a study can be seeded from one with a wider or older space.
     */
    public static WarmStart fromStudy(String other, List<Trial> otherTrials, Direction otherDirection, Space space,
                                      int top) {
        if (top < 1) {
            throw new UserError("--top must be >= 1, got " + top);
        }
        Set<String> names = space.searchable().stream().map(SearchableParam::name).collect(Collectors.toSet());
        List<Config> configs = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Trial t : Ranking.ranked(otherTrials, otherDirection)) {
            if (configs.size() >= top) {
                break;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            t.params().forEach((k, v) -> {
                if (names.contains(k)) {
                    values.put(k, v);
                }
            });
            Config c = new Config("study '" + other + "', trial " + t.number(), values);
            try {
                resolve(space, c);
                configs.add(c);
            } catch (UserError e) {
                String m = e.getMessage();
                skipped.add(new Skipped(c.origin(), m.startsWith(c.origin() + ": ") ? m.substring(c.origin().length() + 2) : m));
            }
        }
        return new WarmStart(configs, skipped);
    }
}
