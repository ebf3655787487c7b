package dev.liandan.study;

import dev.liandan.space.Param;
import dev.liandan.space.ParamYaml;
import dev.liandan.space.SourceLocation;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a stored study and a space file describe the same study, so that a sweep may resume it
 * (or a worker join it). Both files are parsed and their specs compared, section by section,
 * without the budget ({@code search.trials}, {@code search.time_budget}): a user who edits a
 * comment, the layout or the order of keys, or raises the budget, resumes the study; one who
 * changes what the trials are (a range, a choice, the data, the objective, the sampler, the
 * pruner, ...) is told what differs.
 *
 * <p>The specs are compared as canonical values built from their records' components, so a
 * component added to a spec later is compared without a change here. Source locations are left
 * out (they move when a comment is added); maps are compared by key, not order; parameters by name.
 */
final class StudyMatch {
    /** The study's identity is not in these: where the file is, its text, and the budget. */
    private static final Set<String> NOT_COMPARED = Set.of("source", "sourceText");
    private static final Set<String> BUDGET = Set.of("trials", "timeBudget");

    private StudyMatch() {
    }

    /**
     * What differs between the stored study and {@code spec}'s space file, in a few words
     * ("training.lr: float [0.001, 0.1] log → [1.0e-4, 0.1] log"), or empty when they are the same study. The
     * stored text is parsed as if it were at {@code spec}'s place, so relative data paths
     * written alike resolve alike.
     */
    static Optional<String> difference(StudyRecord stored, StudySpec spec) {
        if (Objects.equals(stored.spaceText(), spec.sourceText())) {
            return Optional.empty();
        }
        if (stored.spaceText() == null || spec.sourceText() == null) {
            return Optional.of("one of the two keeps no space file text");
        }
        StudySpec before;
        StudySpec now;
        try {
            before = SpaceFileParser.parse(stored.spaceText(), spec.source());
            // the spec as its file says it, without command-line overrides (--seed, --trials, ...)
            now = SpaceFileParser.parse(spec.sourceText(), spec.source());
        } catch (UserError e) {
            // a text that is no space file here (a bench study's, or a stored file whose data is
            // gone): only the same text, budget aside, is the same study
            return withoutTrialsLine(stored.spaceText()).equals(withoutTrialsLine(spec.sourceText())) ? Optional.empty()
                    : Optional.of("the space file texts differ, and " + e.getMessage());
        }
        for (RecordComponent c : StudySpec.class.getRecordComponents()) {
            String name = c.getName();
            if (NOT_COMPARED.contains(name)) {
                continue;
            }
            Optional<String> d = switch (name) {
                case "space" -> paramDifference(before.space().params(), now.space().params(), now.trial() != null);
                case "search" -> differs("search", withoutBudget(canonical(before.search())),
                        withoutBudget(canonical(now.search())));
                default -> differs(name, canonical(get(c, before)), canonical(get(c, now)));
            };
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /** The first parameter that differs, in space-file terms: {@code model.units: int [32, 256] → [32, 512]}. */
    private static Optional<String> paramDifference(List<Param> before, List<Param> now, boolean commandTrial) {
        Map<String, Object> a = byName(before);
        Map<String, Object> b = byName(now);
        Map<String, Param> paramsBefore = new TreeMap<>();
        before.forEach(p -> paramsBefore.put(p.name(), p));
        Map<String, Param> paramsNow = new TreeMap<>();
        now.forEach(p -> paramsNow.put(p.name(), p));
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            if (!a.containsKey(name)) {
                Param p = paramsNow.get(name);
                return Optional.of(ParamYaml.key(p, commandTrial) + " is new: " + ParamYaml.describe(p));
            }
            if (!b.containsKey(name)) {
                Param p = paramsBefore.get(name);
                return Optional.of(ParamYaml.key(p, commandTrial) + " is gone: it was " + ParamYaml.describe(p));
            }
            if (!Objects.equals(a.get(name), b.get(name))) {
                Param p = paramsBefore.get(name);
                return Optional.of(ParamYaml.key(p, commandTrial) + ": " + ParamYaml.change(p, paramsNow.get(name)));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> byName(List<Param> params) {
        Map<String, Object> m = new TreeMap<>();
        for (Param p : params) {
            Object value = canonical(p);
            if (value instanceof Map<?, ?> fields) {
                fields.remove("name");
            }
            m.put(p.name(), (p.getClass().getSimpleName()) + value);
        }
        return m;
    }

    private static String withoutTrialsLine(String text) {
        return text.replaceAll("(?m)^(\\s*)trials:.*$", "$1trials:").strip();
    }

    private static Object withoutBudget(Object search) {
        if (search instanceof Map<?, ?> fields) {
            fields.keySet().removeAll(BUDGET);
        }
        return search;
    }

    private static Optional<String> differs(String what, Object stored, Object now) {
        return Objects.equals(stored, now) ? Optional.empty()
                : Optional.of(what + ": stored " + stored + ", now " + now);
    }

    /**
     * A value to compare with equals: records become maps of their components (in declaration
     * order), maps are sorted by key, optionals are unwrapped, paths made absolute, and source
     * locations dropped wherever they are.
     */
    static Object canonical(Object o) {
        if (o instanceof Optional<?> opt) {
            return opt.map(StudyMatch::canonical).orElse(null);
        }
        if (o instanceof Record r) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if (c.getType() != SourceLocation.class) {
                    m.put(c.getName(), canonical(get(c, r)));
                }
            }
            return m;
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> m = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getValue() instanceof SourceLocation)) {
                    m.put(String.valueOf(e.getKey()), canonical(e.getValue()));
                }
            }
            return m;
        }
        if (o instanceof List<?> list) {
            List<Object> l = new ArrayList<>(list.size());
            list.forEach(v -> l.add(canonical(v)));
            return l;
        }
        if (o instanceof Path p) {
            return p.toAbsolutePath().normalize().toString();
        }
        return o;
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }
}
