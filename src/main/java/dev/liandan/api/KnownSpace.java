package dev.liandan.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.space.Condition;
import dev.liandan.space.FixedParam;
import dev.liandan.space.Param;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters a define-by-run study has met so far, each with the one distribution it keeps,
 * stored as study attributes ({@value #PREFIX}{@code <name>}) so that every worker of the study,
 * in any JVM, sees the same space grow.
 *
 * <p>The space it gives the sampler follows Optuna's split of relative and independent sampling:
 * a parameter present in every finished trial (the intersection search space) is searched
 * jointly; one that only some trials have (a conditional parameter) is marked conditional, so
 * that samplers that model parameters jointly (GP, CMA-ES, multivariate TPE) draw it on its own,
 * as they draw a space file's {@code when:} parameters. A parameter first met in a running trial
 * is drawn uniformly at random from a seed of the trial and the name (see {@link Trial}).
 */
final class KnownSpace {
    static final String PREFIX = "param.";
    /**
     * A fixed parameter that every configuration has, named so that no user parameter can be
     * called so (it starts with a space); conditional parameters are "active when it is true".
     */
    static final String ALWAYS = " liandan.sometimes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StudyStorage storage;
    private final String study;
    /** The space of a space file the study was created from, or null for a define-by-run study. */
    private final Space fileSpace;
    private final Map<String, Distribution> known = new LinkedHashMap<>();
    /**
     * The parameter each name was last registered as, with the distribution it was asked with:
     * a trial's suggest then costs a map look-up and an equality check, not a new parameter object.
     */
    private final Map<String, Registered> registered = new java.util.HashMap<>();
    /** Bumped whenever {@link #known} grows. */
    private int version;
    /** Finished trials already read into {@link #common} (finished trials never change). */
    private final java.util.BitSet scanned = new java.util.BitSet();
    /** Every trial numbered below this is finished and read. */
    private int firstOpen;
    /** The names every COMPLETE or PRUNED trial read so far has; null before the first. */
    private Set<String> common;
    /** Bumped whenever {@link #common} is made or shrinks. */
    private int commonVersion;
    private Space cached;
    private int cachedVersion = -1;
    private int cachedCommonVersion = -1;

    KnownSpace(StudyStorage storage, String study, Space fileSpace) {
        this.storage = storage;
        this.study = study;
        this.fileSpace = fileSpace;
    }

    /** A name's distribution as last asked for and the parameter (without condition) that draws from it. */
    private record Registered(Distribution asked, SearchableParam param) {
    }

    /**
     * Registers {@code name} with {@code d} (the first time anywhere in the study), or checks that
     * it is the distribution the study keeps for it; returns the parameter (without condition) that
     * draws from it.
     *
     * @throws UserError when the study keeps another distribution for {@code name}
     */
    synchronized SearchableParam register(String name, Distribution d) {
        Registered r = registered.get(name);
        if (r != null && (r.asked() == d || Distribution.same(r.asked(), d))) {
            return r.param(); // checked when it was registered: the same distribution again
        }
        check(name, d);
        SearchableParam p = d.toParam(name, Optional.empty());
        registered.put(name, new Registered(d, p));
        return p;
    }

    private void check(String name, Distribution d) {
        if (fileSpace != null && fileSpace.get(name).isPresent()) {
            Param p = fileSpace.get(name).get();
            Distribution kept = p instanceof SearchableParam s ? Distribution.of(s) : null;
            if (kept == null || !Distribution.same(kept, d)) {
                throw conflict(name, kept == null ? "a fixed or derived value of the space file" : kept.describe(), d);
            }
            return;
        }
        Distribution have = known.get(name);
        if (have == null) {
            refresh();
            have = known.get(name);
        }
        if (have == null) {
            storage.setStudyAttribute(study, PREFIX + name, toJson(d));
            known.put(name, d);
            version++;
        } else if (!Distribution.same(have, d)) {
            throw conflict(name, have.describe(), d);
        }
    }

    private UserError conflict(String name, String kept, Distribution asked) {
        return new UserError("parameter '" + name + "' of study '" + study + "' is " + kept + ", but a trial now asks for "
                + asked.describe() + ": a parameter keeps one distribution in a study (give the other one a new name)");
    }

    /** Reads the distributions that other workers may have added. */
    synchronized void refresh() {
        for (Map.Entry<String, String> e : storage.studyAttributes(study).entrySet()) {
            if (e.getKey().startsWith(PREFIX)) {
                if (known.putIfAbsent(e.getKey().substring(PREFIX.length()), fromJson(e.getKey(), e.getValue())) == null) {
                    version++;
                }
            }
        }
    }

    /**
     * The space the sampler proposes from, given the study's trials: the space file's parameters
     * (if any), then every registered one in the order first met, conditional unless every finished trial
     * has it. The same object while neither changes, so that a sampler's per-space caches
     * (TPE's decoded history) survive from one trial to the next; each finished trial is read
     * once, so a call costs O(new trials), not O(study).
     */
    synchronized Space space(List<Trial> trials) {
        boolean unknown = false;
        // trials come by number, densely from 0 (TrialCache): those below firstOpen are all read
        for (int i = Math.min(firstOpen, trials.size()); i < trials.size(); i++) {
            Trial t = trials.get(i);
            boolean done = t.state().finished();
            if (done && scanned.get(t.number())) {
                continue;
            }
            unknown |= anyUnknown(t);
            if (done) {
                scanned.set(t.number());
                if (t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED) {
                    if (common == null) {
                        common = new HashSet<>(t.params().keySet());
                        commonVersion++;
                    } else if (common.retainAll(t.params().keySet())) {
                        commonVersion++;
                    }
                }
            }
        }
        while (scanned.get(firstOpen)) {
            firstOpen++;
        }
        if (unknown) {
            refresh(); // another worker's trials have parameters this one has not met: read what they registered
        }
        if (cached != null && cachedVersion == version && cachedCommonVersion == commonVersion) {
            return cached;
        }
        List<Param> params = new ArrayList<>();
        params.add(new FixedParam(ALWAYS, true, Optional.empty(), null));
        if (fileSpace != null) {
            params.addAll(fileSpace.params());
        }
        Optional<Condition> sometimes = Optional.of(new Condition(ALWAYS, List.of(true)));
        known.forEach((name, d) -> { // in the order this JVM met them: the order trials suggest them in
            if (fileSpace == null || fileSpace.get(name).isEmpty()) {
                params.add(d.toParam(name, common == null || common.contains(name) ? Optional.empty() : sometimes));
            }
        });
        cached = new Space(params);
        cachedVersion = version;
        cachedCommonVersion = commonVersion;
        return cached;
    }

    /**
     * Whether the trial has a parameter this worker does not know: every parameter is registered
     * before any trial stores it, so only then can the stored distributions hold news (reading
     * them before every trial would cost a storage read per trial).
     */
    private boolean anyUnknown(Trial t) {
        for (String name : t.params().keySet()) {
            if (!known.containsKey(name) && (fileSpace == null || fileSpace.get(name).isEmpty())) {
                return true;
            }
        }
        return false;
    }

    static String toJson(Distribution d) {
        ObjectNode o = JSON.createObjectNode();
        if (d instanceof Distribution.FloatRange f) {
            o.put("type", "float").put("low", f.low()).put("high", f.high()).put("log", f.log());
            if (f.step() != null) {
                o.put("step", f.step());
            }
        } else if (d instanceof Distribution.IntRange i) {
            o.put("type", "int").put("low", i.low()).put("high", i.high()).put("log", i.log()).put("step", i.step());
        } else {
            Distribution.Choice c = (Distribution.Choice) d;
            {
                o.put("type", "categorical");
                ArrayNode a = o.putArray("choices");
                for (Object v : c.choices()) {
                    if (v instanceof String s) {
                        a.add(s);
                    } else if (v instanceof Boolean b) {
                        a.add(b);
                    } else if (v instanceof Double || v instanceof Float) {
                        a.add(((Number) v).doubleValue());
                    } else {
                        a.add(((Number) v).longValue());
                    }
                }
            }
        }
        return o.toString();
    }

    static Distribution fromJson(String key, String text) {
        try {
            JsonNode o = JSON.readTree(text);
            return switch (o.path("type").asText()) {
                case "float" -> Distribution.floats(o.path("low").asDouble(), o.path("high").asDouble(),
                        o.path("log").asBoolean(), o.has("step") ? o.path("step").asDouble() : null);
                case "int" -> Distribution.ints(o.path("low").asInt(), o.path("high").asInt(), o.path("log").asBoolean(),
                        o.path("step").asInt(1));
                case "categorical" -> {
                    List<Object> choices = new ArrayList<>();
                    for (JsonNode c : o.path("choices")) {
                        choices.add(c.isTextual() ? c.asText() : c.isBoolean() ? c.asBoolean()
                                : c.isIntegralNumber() ? (Object) c.asLong() : c.asDouble());
                    }
                    yield Distribution.choice(choices);
                }
                default -> throw new UserError("study attribute " + key + " is not a distribution: " + text);
            };
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UserError("study attribute " + key + " is not a distribution: " + text);
        }
    }
}
