package dev.liandan.sampler;

import dev.liandan.core.Observation;
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
 *
 * <p>It also keeps, per parameter, the cached trials in the order of the estimators' kernels
 * ({@link SortedUnits}), so that an ask need not sort each parameter's values again.
 */
final class UnitCache {
    /** Trial numbers beyond this are decoded every time rather than grow the table without bound. */
    private static final int MAX_NUMBER = 1 << 22;

    private Space space;
    /** [number]: the parameter map the entry was decoded from. */
    private Map<?, ?>[] from = new Map<?, ?>[0];
    /** [d][number]: searchable parameter d's unit value; by column, so an ask copies contiguous runs. */
    private double[][] byNumber = new double[0][];
    /** Per searchable parameter, a categorical's choice index by value (null for numeric ones); built on a miss. */
    private List<Map<Object, Integer>> choiceIndex;
    /** Per numeric searchable parameter, the cached trials where it is active, in kernel order (null for a categorical one). */
    private SortedUnits[] sorted;

    /**
     * The decoded history of one ask.
     *
     * @param units [d][t]: parameter d of observation t, NaN where absent or outside the space
     * @param order [d]: the observations where numeric parameter d is active, as positions t
     *              sorted by ({@link SortedUnits#key}(units[d][t]), t), null for a categorical d;
     *              the whole array null when the observations are not all cached with distinct,
     *              increasing numbers (then the caller sorts)
     */
    record Decoded(double[][] units, int[][] order) {
    }

    /** The unit values of {@code used} (in number order) as columns, and each parameter's kernel order. */
    synchronized Decoded decode(Space space, List<SearchableParam> params, List<Observation> used) {
        if (space != this.space) {
            // another space (a sampler used for several studies): the entries describe the old one
            this.space = space;
            from = new Map<?, ?>[0];
            byNumber = new double[params.size()][0];
            choiceIndex = null;
            sorted = new SortedUnits[params.size()];
            for (int d = 0; d < sorted.length; d++) {
                // only numeric parameters' estimators sort their kernels; a categorical one needs no list
                sorted[d] = params.get(d) instanceof CategoricalParam ? null : new SortedUnits();
            }
        }
        int n = used.size();
        // first the entries (decoding what is new), then the columns, one parameter at a time
        int[] numbers = new int[n];
        double[][] uncached = null;
        boolean orderable = true;
        int last = -1;
        for (int t = 0; t < n; t++) {
            Observation o = used.get(t);
            int number = o.number();
            if (number < 0 || number >= from.length || from[number] != o.params()) {
                double[] u = decodeMap(params, o.params());
                if (!store(number, o.params(), u)) {
                    uncached = uncached == null ? new double[n][] : uncached;
                    uncached[t] = u;
                    number = -1;
                }
            }
            numbers[t] = number;
            // the lists hold cached trials by number: usable when each observation is the cached one, numbers rising
            orderable &= number > last;
            last = number;
        }
        double[][] columns = new double[params.size()][n];
        for (int d = 0; d < columns.length; d++) {
            double[] column = columns[d];
            double[] cached = byNumber[d];
            for (int t = 0; t < n; t++) {
                column[t] = numbers[t] >= 0 ? cached[numbers[t]] : uncached[t][d];
            }
        }
        return new Decoded(columns, orderable ? order(numbers, last) : null);
    }

    /** Each parameter's active observations by kernel order, read off the sorted lists. */
    private int[][] order(int[] numbers, int maxNumber) {
        int n = numbers.length;
        int[] position = new int[maxNumber + 1];
        Arrays.fill(position, -1);
        for (int t = 0; t < n; t++) {
            position[numbers[t]] = t;
        }
        int[][] order = new int[sorted.length][];
        for (int d = 0; d < sorted.length; d++) {
            SortedUnits list = sorted[d];
            if (list == null) {
                continue;
            }
            int[] out = new int[n];
            int k = 0;
            for (int i = 0; i < list.size(); i++) {
                int number = list.numberAt(i);
                // cached trials that are not in this ask (failed since, say) are skipped
                int t = number <= maxNumber ? position[number] : -1;
                if (t >= 0) {
                    out[k++] = t;
                }
            }
            order[d] = Arrays.copyOf(out, k);
        }
        return order;
    }

    /**
     * Keeps {@code u}, decoded from {@code map}, as trial {@code number}'s entry, moving it in the
     * sorted lists where its values changed; false when the number is outside the table.
     */
    private boolean store(int number, Map<String, Object> map, double[] u) {
        if (number < 0 || number >= MAX_NUMBER) {
            return false;
        }
        if (number >= from.length) {
            int size = Math.min(MAX_NUMBER, Math.max(number + 1, 2 * from.length));
            from = Arrays.copyOf(from, size);
            for (int d = 0; d < byNumber.length; d++) {
                byNumber[d] = Arrays.copyOf(byNumber[d], size);
            }
        }
        boolean known = from[number] != null;
        for (int d = 0; d < u.length; d++) {
            double old = byNumber[d][number];
            // the same configuration in a new map (a storage that reads it afresh) leaves the lists alone
            if (known && Double.doubleToLongBits(old) == Double.doubleToLongBits(u[d])) {
                continue;
            }
            if (known && !Double.isNaN(old) && sorted[d] != null) {
                sorted[d].remove(number, old);
            }
            if (!Double.isNaN(u[d]) && sorted[d] != null) {
                sorted[d].add(number, u[d]);
            }
            byNumber[d][number] = u[d];
        }
        from[number] = map;
        return true;
    }

    private double[] decodeMap(List<SearchableParam> params, Map<String, Object> map) {
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
