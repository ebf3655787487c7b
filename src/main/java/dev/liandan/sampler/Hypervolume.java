package dev.liandan.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The exact hypervolume of a set of points under minimisation of every objective: the measure of
 * the region that some point dominates and that the reference point bounds (Zitzler and Thiele
 * 1998's S metric). Points not better than the reference in every objective add nothing.
 *
 * <p>Two objectives: one sweep over the points sorted by the first objective. More: "hypervolume by
 * slicing objectives" (While, Hingston, Barone and Huband 2006): sorted by the last objective, each
 * slab between two consecutive values of it is the (m-1)-dimensional hypervolume of the points
 * below it times its thickness. Exponential in the number of objectives in the worst case, and
 * quick for what it serves here: a few hundred points in three objectives, a few dozen in more.
 */
public final class Hypervolume {
    private Hypervolume() {
    }

    /** The hypervolume of {@code points} (every objective minimised) up to {@code reference}. */
    public static double of(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (strictlyBelow(p, reference)) {
                inside.add(p);
            }
        }
        return inside.isEmpty() ? 0 : slice(inside, reference, reference.length);
    }

    private static boolean strictlyBelow(double[] p, double[] reference) {
        for (int k = 0; k < reference.length; k++) {
            if (!(p[k] < reference[k])) {
                return false;
            }
        }
        return true;
    }

    /** The hypervolume in the first {@code m} objectives of points that are all inside the reference box. */
    private static double slice(List<double[]> points, double[] reference, int m) {
        if (m == 1) {
            double best = reference[0];
            for (double[] p : points) {
                best = Math.min(best, p[0]);
            }
            return reference[0] - best;
        }
        if (m == 2) {
            return area(points, reference);
        }
        int last = m - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double volume = 0;
        List<double[]> below = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            below.add(sorted.get(i));
            double top = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : reference[last];
            double thickness = top - sorted.get(i)[last];
            if (thickness > 0) {
                volume += thickness * slice(nonDominated(below, last), reference, last);
            }
        }
        return volume;
    }

    /** The area dominated in the first two objectives: horizontal strips, the points by x ascending. */
    private static double area(List<double[]> points, double[] reference) {
        double[][] sorted = points.toArray(new double[0][]);
        Arrays.sort(sorted, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        double area = 0;
        double previousY = reference[1];
        for (double[] p : sorted) {
            if (p[1] < previousY) {
                area += (reference[0] - p[0]) * (previousY - p[1]);
                previousY = p[1];
            }
        }
        return area;
    }

    /** The points not dominated by another in the first {@code m} objectives (duplicates kept once). */
    private static List<double[]> nonDominated(List<double[]> points, int m) {
        if (m <= 2) {
            return points; // the sweep itself ignores dominated points
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            boolean dominated = false;
            for (int j = 0; j < points.size() && !dominated; j++) {
                if (j != i) {
                    double[] q = points.get(j);
                    dominated = weaklyBetter(q, p, m) && (!weaklyBetter(p, q, m) || j < i);
                }
            }
            if (!dominated) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean weaklyBetter(double[] a, double[] b, int m) {
        for (int k = 0; k < m; k++) {
            if (a[k] > b[k]) {
                return false;
            }
        }
        return true;
    }
}
