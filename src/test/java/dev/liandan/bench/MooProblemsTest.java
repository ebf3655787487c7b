package dev.liandan.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The problems of bench moo at points whose values are known. */
class MooProblemsTest {
    @Test
    void zdtOnTheirFronts() {
        double[] x = new double[30];
        x[0] = 0.25; // g = 1: on the front
        assertArrayEquals(new double[]{0.25, 0.5}, MooProblems.byName("zdt1").objectives().apply(x), 1e-12);
        assertArrayEquals(new double[]{0.25, 1 - 0.0625}, MooProblems.byName("zdt2").objectives().apply(x), 1e-12);
        Arrays.fill(x, 1);
        assertEquals(10 * (1 - Math.sqrt(0.1)), MooProblems.byName("zdt1").objectives().apply(x)[1], 1e-12);
    }

    @Test
    void dtlz2OnTheUnitSphereWhenItsDistanceVariablesAreOneHalf() {
        MooProblem p = MooProblems.byName("dtlz2");
        double[] x = new double[12];
        Arrays.fill(x, 0.5);
        x[0] = 0.3;
        x[1] = 0.8;
        double[] f = p.objectives().apply(x);
        assertEquals(3, f.length);
        assertEquals(1, Math.sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]), 1e-12);
        assertEquals(Math.sin(0.3 * Math.PI / 2), f[2], 1e-12);
        x[5] = 1; // g = 0.25: the sphere of radius 1.25
        f = p.objectives().apply(x);
        assertEquals(1.25, Math.sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]), 1e-12);
    }

    @Test
    void bnhAndItsConstraints() {
        MooProblem p = MooProblems.byName("bnh");
        assertArrayEquals(new double[]{0, 50}, p.objectives().apply(new double[]{0, 0}), 1e-12);
        assertTrue(p.feasible(new double[]{0, 0}), "c1 = 25 <= 25, c2 = 73 >= 7.7");
        assertFalse(p.feasible(new double[]{0, 3}), "c1 = 34 > 25");
        assertTrue(p.feasible(new double[]{5, 0}), "c1 = 0, c2 = 18");
        // c2 >= 7.7 binds only outside the bounds (as in the original problem): at (7, -1) c2 = 5
        assertFalse(p.feasible(new double[]{7, -1}));
    }
}
