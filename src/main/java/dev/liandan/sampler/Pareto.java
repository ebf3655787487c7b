package dev.liandan.sampler;

import dev.liandan.core.Direction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pareto dominance among objective vectors, each objective made large or small by its direction:
 * the non-dominated sorting and crowding distance of NSGA-II (Deb, Pratap, Agarwal, Meyarivan 2002,
 * "A Fast and Elitist Multiobjective Genetic Algorithm: NSGA-II", sections III-A and III-B), and
 * the hypervolume of a two-objective front.
 */
public final class Pareto {
    private Pareto() {
    }

    /** True when {@code a} is at least as good as {@code b} in every objective and better in one. */
    public static boolean dominates(double[] a, double[] b, List<Direction> directions) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            boolean max = directions.get(k) == Direction.MAXIMIZE;
            double x = max ? a[k] : -a[k];
            double y = max ? b[k] : -b[k];
            if (x < y) {
                return false;
            }
            better |= x > y;
        }
        return better;
    }

    /**
     * Each point's front: 0 for the non-dominated points, 1 for those dominated only by front 0,
     * and so on (the fast non-dominated sort, O(M N²)).
     */
    public static int[] ranks(List<double[]> points, List<Direction> directions) {
        int n = points.size();
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (dominates(points.get(i), points.get(j), directions)) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (dominates(points.get(j), points.get(i), directions)) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        int[] rank = new int[n];
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                front.add(i);
            }
        }
        for (int r = 0; !front.isEmpty(); r++) {
            List<Integer> next = new ArrayList<>();
            for (int i : front) {
                rank[i] = r;
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            front = next;
        }
        return rank;
    }

    /**
     * The crowding distance of each of {@code members} (indices into {@code points}, one front):
     * the sum over objectives of the normalised gap between each point's two neighbours; the
     * extremes of every objective get infinity, so a front's ends are always kept.
     */
    public static double[] crowding(List<double[]> points, List<Integer> members) {
        int m = members.size();
        double[] distance = new double[m];
        if (m == 0) {
            return distance;
        }
        int objectives = points.get(members.get(0)).length;
        Integer[] order = new Integer[m];
        for (int k = 0; k < objectives; k++) {
            final int obj = k;
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(points.get(members.get(a))[obj], points.get(members.get(b))[obj]));
            double lo = points.get(members.get(order[0]))[obj];
            double hi = points.get(members.get(order[m - 1]))[obj];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[m - 1]] = Double.POSITIVE_INFINITY;
            if (hi > lo) {
                for (int i = 1; i < m - 1; i++) {
                    distance[order[i]] += (points.get(members.get(order[i + 1]))[obj]
                            - points.get(members.get(order[i - 1]))[obj]) / (hi - lo);
                }
            }
        }
        return distance;
    }

    /**
     * The area dominated by the points of a two-objective study and bounded by {@code reference}
     * (a point worse than every point counted in both objectives; points not better than it in
     * both are left out).
     */
    public static double hypervolume2d(List<double[]> points, double[] reference, List<Direction> directions) {
        List<double[]> kept = new ArrayList<>();
        for (double[] p : points) {
            // as minimisation of both: flip what is maximised
            double x = directions.get(0) == Direction.MAXIMIZE ? -p[0] : p[0];
            double y = directions.get(1) == Direction.MAXIMIZE ? -p[1] : p[1];
            double rx = directions.get(0) == Direction.MAXIMIZE ? -reference[0] : reference[0];
            double ry = directions.get(1) == Direction.MAXIMIZE ? -reference[1] : reference[1];
            if (x < rx && y < ry) {
                kept.add(new double[]{x, y, rx, ry});
            }
        }
        if (kept.isEmpty()) {
            return 0;
        }
        kept.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        // horizontal strips: each non-dominated point (by x ascending, y falling) adds the strip
        // from its y up to the previous point's y, reaching from its x to the reference's
        double area = 0;
        double previousY = kept.get(0)[3];
        double rx = kept.get(0)[2];
        for (double[] p : kept) {
            if (p[1] < previousY) {
                area += (rx - p[0]) * (previousY - p[1]);
                previousY = p[1];
            }
        }
        return area;
    }
}
