package dev.liandan.sampler;

import dev.liandan.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact hypervolume against values known in closed form and an independent inclusion-exclusion sum. */
class HypervolumeTest {

    @Test
    void boxesAndStaircasesHaveTheirKnownVolumes() {
        assertEquals(0.5 * 0.25, Hypervolume.of(List.of(new double[]{0.5, 0.75}), new double[]{1, 1}), 1e-15);
        // two points in 2-D: 0.6*0.2 + 0.2*0.6 - 0.2*0.2 overlap counted once
        assertEquals(0.2, Hypervolume.of(List.of(new double[]{0.4, 0.8}, new double[]{0.8, 0.4}), new double[]{1, 1}),
                1e-15);
        // a point outside the reference adds nothing; a dominated one adds nothing
        assertEquals(0.125, Hypervolume.of(List.of(new double[]{0.5, 0.5, 0.5}, new double[]{0.6, 0.6, 0.6},
                new double[]{0.1, 0.1, 1.2}), new double[]{1, 1, 1}), 1e-15);
        assertEquals(0, Hypervolume.of(List.of(), new double[]{1, 1}));
        // 1-D and 4-D
        assertEquals(0.7, Hypervolume.of(List.of(new double[]{0.3}, new double[]{0.5}), new double[]{1}), 1e-15);
        assertEquals(0.0625, Hypervolume.of(List.of(new double[]{0.5, 0.5, 0.5, 0.5}), new double[]{1, 1, 1, 1}), 1e-15);
    }

    @Test
    void itAgreesWithInclusionExclusionOnRandomSets() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int m = 2; m <= 4; m++) {
            for (int trial = 0; trial < 20; trial++) {
                List<double[]> points = new ArrayList<>();
                int n = 1 + rng.nextInt(9);
                for (int i = 0; i < n; i++) {
                    double[] p = new double[m];
                    for (int k = 0; k < m; k++) {
                        p[k] = rng.nextDouble();
                    }
                    points.add(p);
                }
                double[] reference = new double[m];
                java.util.Arrays.fill(reference, 1.0);
                assertEquals(inclusionExclusion(points, reference), Hypervolume.of(points, reference), 1e-12,
                        m + " objectives, " + n + " points");
            }
        }
    }

    @Test
    void itAgreesWithTheTwoObjectiveSweepOfTheReport() {
        SplittableRandom rng = new SplittableRandom(5);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            points.add(new double[]{rng.nextDouble() * 2, rng.nextDouble() * 2});
        }
        double[] reference = {1.5, 1.7};
        assertEquals(Pareto.hypervolume2d(points, reference, List.of(Direction.MINIMIZE, Direction.MINIMIZE)),
                Hypervolume.of(points, reference), 1e-12);
    }

    @Test
    void denseKnownFrontsApproachTheirAnalyticVolumes() {
        // ZDT1's front f2 = 1 - sqrt(f1) up to (1, 1): 1 - (1 - 2/3) = 2/3
        List<double[]> zdt1 = new ArrayList<>();
        for (int i = 0; i <= 2000; i++) {
            double f1 = i / 2000.0;
            zdt1.add(new double[]{f1, 1 - Math.sqrt(f1)});
        }
        assertEquals(2.0 / 3, Hypervolume.of(zdt1, new double[]{1, 1}), 1e-3);
        // DTLZ2's front, the unit sphere's positive octant, up to (1.1, 1.1, 1.1): 1.331 - pi/6
        List<double[]> dtlz2 = new ArrayList<>();
        int steps = 60;
        for (int i = 0; i <= steps; i++) {
            for (int j = 0; j <= steps; j++) {
                double a = Math.PI / 2 * i / steps;
                double b = Math.PI / 2 * j / steps;
                dtlz2.add(new double[]{Math.cos(a) * Math.cos(b), Math.cos(a) * Math.sin(b), Math.sin(a)});
            }
        }
        double exact = 1.331 - Math.PI / 6;
        double hv = Hypervolume.of(dtlz2, new double[]{1.1, 1.1, 1.1});
        // a finite set's staircase lies inside the sphere's octant: a little below, and close
        assertTrue(hv < exact && hv > exact - 0.015, "hypervolume " + hv + ", exact " + exact);
    }

    /** The union of the boxes [p, reference] by inclusion-exclusion over every subset. */
    private static double inclusionExclusion(List<double[]> points, double[] reference) {
        int n = points.size();
        int m = reference.length;
        double total = 0;
        for (int mask = 1; mask < (1 << n); mask++) {
            double[] corner = new double[m];
            java.util.Arrays.fill(corner, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    for (int k = 0; k < m; k++) {
                        corner[k] = Math.max(corner[k], points.get(i)[k]);
                    }
                }
            }
            double volume = 1;
            for (int k = 0; k < m; k++) {
                volume *= Math.max(0, reference[k] - corner[k]);
            }
            total += Integer.bitCount(mask) % 2 == 1 ? volume : -volume;
        }
        return total;
    }
}
