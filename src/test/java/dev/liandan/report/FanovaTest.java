package dev.liandan.report;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanovaTest {
    private static double[][] points(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextDouble();
            }
        }
        return x;
    }

    @Test
    void theParameterThatMattersComesFirst() {
        double[][] x = points(60, 4, 1);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            // x2 dominates, x0 matters a little, x1 and x3 not at all
            y[i] = 5 * Math.pow(x[i][2] - 0.3, 2) + 0.3 * x[i][0];
        }
        double[] share = Fanova.importances(x, y, 7);
        assertEquals(1.0, share[0] + share[1] + share[2] + share[3], 1e-9);
        assertTrue(share[2] > 0.7, "x2 explains most: " + java.util.Arrays.toString(share));
        assertTrue(share[0] > share[1] && share[0] > share[3], java.util.Arrays.toString(share));
        assertArrayEquals(share, Fanova.importances(x, y, 7), "seeded");
    }

    @Test
    void anAdditiveFunctionSplitsByVariance() {
        // y = a(x0) + b(x1) with Var(a) = 4 Var(b): a perfect surrogate gives 0.8 and 0.2
        double[][] x = points(400, 2, 3);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 2 * (x[i][0] > 0.5 ? 1 : 0) + (x[i][1] > 0.5 ? 1 : 0);
        }
        double[] share = Fanova.importances(x, y, 1);
        assertEquals(0.8, share[0], 0.05);
        assertEquals(0.2, share[1], 0.05);
    }

    @Test
    void aConstantObjectiveHasNoImportance() {
        double[][] x = points(25, 3, 2);
        double[] share = Fanova.importances(x, new double[25], 1);
        assertArrayEquals(new double[3], share);
    }
}
