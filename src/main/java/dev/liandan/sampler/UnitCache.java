package dev.liandan.sampler;

import dev.liandan.space.CategoricalParam;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each trial's searchable parameters on their unit intervals (NaN where inactive), decoded once
 * per trial instead of on every ask. Decoding means a map lookup by name, a log or a choice
 * search per parameter and trial: done over the whole history on each ask, it was the largest
 * part of TPE's cost at a thousand trials.
 *
 * <p>An entry is kept by trial number together with the parameter map it was decoded from, and
 * used only while an observation brings that very map (identity): a trial's configuration never
 * changes once stored, so the same map gives the same values. A storage that hands out a new map
 * per read costs a decode again, never a wrong value; a trial read first RUNNING and later
 * COMPLETE keeps its entry, since its state and value are not cached. So the answers are those of
 * a fresh decode, bit for bit: the sampler stays a function of the seed, the index and the history.
 */
final class UnitCache {
    /** Trial numbers beyond this are decoded every time rather than grow the table without bound. */
    private static final int MAX_NUMBER = 1 << 22;

    private Space space;
    /** [number]: the parameter map the entry was decoded from. */
    private Map<?, ?>[] from = new Map<?, ?>[0];
    /** [number]: its unit values, one per searchable parameter. */
    private double[][] units = new double[0][];
    /** Per searchable parameter, a categorical's choice index by value (null for numeric ones); built on a miss. */
    private List<Map<Object, Integer>> choiceIndex;

    /**
     * The unit values of {@code used} as columns: {@code [d][t]} is parameter d of observation t
     * (NaN where it is absent or outside the space).
     */
    synchronized double[][] columns(Space space, List<SearchableParam> params, List<Observation> used) {
        if (space != this.space) {
            // another space (a sampler used for several studies): the entries describe the old one
            this.space = space;
            from = new Map<?, ?>[0];
            units = new double[0][];
            choiceIndex = null;
        }
        double[][] columns = new double[params.size()][used.size()];
        for (int t = 0; t < used.size(); t++) {
            double[] u = units(params, used.get(t));
            for (int d = 0; d < u.length; d++) {
                columns[d][t] = u[d];
            }
        }
        return columns;
    }

    private double[] units(List<SearchableParam> params, Observation o) {
        int number = o.number();
        Map<String, Object> map = o.params();
        if (number >= 0 && number < from.length && from[number] == map) {
            return units[number];
        }
        double[] u = decode(params, map);
        if (number >= 0 && number < MAX_NUMBER) {
            if (number >= from.length) {
                int size = Math.min(MAX_NUMBER, Math.max(number + 1, 2 * from.length));
                from = Arrays.copyOf(from, size);
                units = Arrays.copyOf(units, size);
            }
            from[number] = map;
            units[number] = u;
        }
        return u;
    }

    private double[] decode(List<SearchableParam> params, Map<String, Object> map) {
        if (choiceIndex == null) {
            choiceIndex = choiceIndex(params);
        }
        double[] u = new double[params.size()];
        for (int d = 0; d < u.length; d++) {
            Object v = map.get(params.get(d).name());
            Map<Object, Integer> choices = choiceIndex.get(d);
            Integer choice = choices == null || v == null ? null : choices.get(v);
            u[d] = choice != null ? (choice + 0.5) / choices.size() : TpeSampler.unit(params.get(d), v);
        }
        return u;
    }

    /** Each categorical parameter's choices by value: one hash lookup per trial instead of a scan with equals. */
    private static List<Map<Object, Integer>> choiceIndex(List<SearchableParam> params) {
        Map<Object, Integer>[] out = new Map[params.size()];
        for (int d = 0; d < out.length; d++) {
            if (params.get(d) instanceof CategoricalParam c) {
                Map<Object, Integer> m = new HashMap<>();
                for (int i = c.choices().size() - 1; i >= 0; i--) {
                    m.put(c.choices().get(i), i);
                }
                out[d] = m;
            }
        }
        return Arrays.asList(out);
    }
}
