package dev.liandan.sampler;

import dev.liandan.core.Direction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The good trials of multi-objective TPE and their weights (Ozaki, Tanigaki, Watanabe and Onishi
 * 2020, "Multiobjective tree-structured Parzen estimator for computationally expensive
 * optimization problems", GECCO; as Optuna 3.1's TPESampler does it for several objectives).
 *
 * <ul>
 *   <li>Good: whole non-dominated fronts, best first, while they fit into the γ(n) good places;
 *       the places left are filled from the next front by greedy hypervolume subset selection
 *       (Guerreiro, Fonseca and Paquete 2016: each step takes the point that adds the most
 *       hypervolume to those taken), up to the reference point max(1.1 w, 0.9 w) of that front's
 *       worst values w.</li>
 *   <li>Weights of the good trials: each one's hypervolume contribution (what the good set loses
 *       without it) over the largest, up to the same kind of reference point of the good set; so
 *       a kernel on a crowded part of the front counts less than one that alone holds a
 *       region.</li>
 *   <li>Constraints (Optuna's {@code constraints_func}): feasible trials first; when fewer than
 *       γ(n) are feasible, the least violating infeasible ones fill the good set, with a weight
 *       of {@value #EPS}.</li>
 * </ul>
 */
final class ParetoSplit {
    static final double EPS = 1e-12;

    /** Per trial: whether it is good, and its weight in l(x) when it is (0 otherwise). */
    record Split(boolean[] good, double[] weights) {
    }

    private ParetoSplit() {
    }

    /**
     * @param losses     each trial's objective vector, every objective turned to be minimised
     * @param violations each trial's constraint violation (0 when feasible)
     * @param nGood      how many trials are good, at most the number of trials
     */
    static Split of(List<double[]> losses, double[] violations, int nGood) {
        int n = losses.size();
        List<Integer> feasible = new ArrayList<>();
        List<Integer> infeasible = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            (violations[t] == 0 ? feasible : infeasible).add(t);
        }
        boolean[] good = new boolean[n];
        List<Integer> goodFeasible;
        if (feasible.size() <= nGood) {
            goodFeasible = feasible;
            infeasible.sort((a, b) -> violations[a] != violations[b] ? Double.compare(violations[a], violations[b])
                    : Integer.compare(a, b));
            for (int i = 0; i < nGood - feasible.size(); i++) {
                good[infeasible.get(i)] = true;
            }
        } else {
            goodFeasible = byFronts(losses, feasible, nGood);
        }
        double[] weights = new double[n];
        for (int t = 0; t < n; t++) {
            weights[t] = good[t] ? EPS : 0;
        }
        double[] contribution = contributions(losses, goodFeasible);
        for (int i = 0; i < goodFeasible.size(); i++) {
            good[goodFeasible.get(i)] = true;
            weights[goodFeasible.get(i)] = contribution[i];
        }
        return new Split(good, weights);
    }

    /** The {@code k} best of {@code members}: whole fronts, then greedy hypervolume subset selection. */
    private static List<Integer> byFronts(List<double[]> losses, List<Integer> members, int k) {
        List<double[]> points = new ArrayList<>(members.size());
        for (int t : members) {
            points.add(losses.get(t));
        }
        List<Direction> min = Collections.nCopies(points.isEmpty() ? 0 : points.get(0).length, Direction.MINIMIZE);
        int[] rank = Pareto.ranks(points, min);
        List<Integer> chosen = new ArrayList<>();
        for (int r = 0; chosen.size() < k; r++) {
            List<Integer> front = new ArrayList<>();
            for (int i = 0; i < rank.length; i++) {
                if (rank[i] == r) {
                    front.add(members.get(i));
                }
            }
            if (chosen.size() + front.size() <= k) {
                chosen.addAll(front);
            } else {
                chosen.addAll(greedySubset(losses, front, k - chosen.size()));
            }
        }
        return chosen;
    }

    /** {@code size} of {@code front}, each step the one adding the most hypervolume (ties to the earlier trial). */
    private static List<Integer> greedySubset(List<double[]> losses, List<Integer> front, int size) {
        double[] reference = reference(losses, front);
        List<double[]> taken = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        boolean[] used = new boolean[front.size()];
        double volume = 0;
        while (chosen.size() < size) {
            int pick = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < front.size(); i++) {
                if (used[i]) {
                    continue;
                }
                taken.add(losses.get(front.get(i)));
                double gain = Hypervolume.of(taken, reference) - volume;
                taken.remove(taken.size() - 1);
                if (gain > bestGain) {
                    bestGain = gain;
                    pick = i;
                }
            }
            used[pick] = true;
            chosen.add(front.get(pick));
            taken.add(losses.get(front.get(pick)));
            volume = Hypervolume.of(taken, reference);
        }
        return chosen;
    }

    /** Each member's hypervolume contribution plus {@value #EPS}, over the largest (1 for a lone member). */
    private static double[] contributions(List<double[]> losses, List<Integer> members) {
        int m = members.size();
        double[] c = new double[m];
        if (m == 1) {
            c[0] = 1;
        }
        if (m <= 1) {
            return c;
        }
        double[] reference = reference(losses, members);
        List<double[]> points = new ArrayList<>(m);
        for (int t : members) {
            points.add(losses.get(t));
        }
        double all = Hypervolume.of(points, reference);
        double max = 0;
        for (int i = 0; i < m; i++) {
            List<double[]> without = new ArrayList<>(points);
            without.remove(i);
            c[i] = all - Hypervolume.of(without, reference) + EPS;
            max = Math.max(max, c[i]);
        }
        for (int i = 0; i < m; i++) {
            c[i] = Math.min(1, Math.max(0, c[i] / max));
        }
        return c;
    }

    /** max(1.1 w, 0.9 w) of the members' worst values w, {@value #EPS} where that is 0 (Optuna's rule). */
    private static double[] reference(List<double[]> losses, List<Integer> members) {
        double[] worst = losses.get(members.get(0)).clone();
        for (int t : members) {
            double[] p = losses.get(t);
            for (int k = 0; k < worst.length; k++) {
                worst[k] = Math.max(worst[k], p[k]);
            }
        }
        double[] r = Arrays.copyOf(worst, worst.length);
        for (int k = 0; k < r.length; k++) {
            r[k] = Math.max(1.1 * worst[k], 0.9 * worst[k]);
            if (r[k] == 0) {
                r[k] = EPS;
            }
        }
        return r;
    }
}
