package dev.liandan.ensemble;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationCrossCheckTest {

    /** Two classes; every row's true class is 0. */
    private static double[][] model(double... p0) {
        double[][] p = new double[p0.length][];
        for (int i = 0; i < p0.length; i++) {
            p[i] = new double[]{p0[i], 1 - p0[i]};
        }
        return p;
    }

    private static double[][] constant(int rows, double p0) {
        double[] v = new double[rows];
        java.util.Arrays.fill(v, p0);
        return model(v);
    }

    @Test
    void waysAreScoredOnRowsTheyDidNotChooseOn() {
        int n = 40;
        // "lucky" is right on exactly the rows with an even index, "steady" on 3 rows of 4 everywhere
        double[] lucky = new double[n];
        double[] steady = new double[n];
        for (int i = 0; i < n; i++) {
            lucky[i] = i % 2 == 0 ? 0.99 : 0.01;
            steady[i] = i % 4 == 3 ? 0.4 : 0.6;
        }
        ValidationCrossCheck.Library library = new ValidationCrossCheck.Library(List.of(0, 1),
                List.of(model(lucky), model(steady)), new int[n]);
        // a chooser that takes the candidate right on row 0 of whatever rows it is given would score
        // perfectly if it were judged on its own rows; on the other half it is right on half the rows
        // at best
        ValidationCrossCheck.Way memorise = new ValidationCrossCheck.Way("memorise",
                (c, y) -> c.get(0)[0][0] > 0.5 ? new double[]{1, 0} : new double[]{0, 1}, false);
        ValidationCrossCheck.Way onlySteady = new ValidationCrossCheck.Way("steady",
                (c, y) -> new double[]{0, 1}, false);
        double[] acc = ValidationCrossCheck.heldOutAccuracy(library, List.of(memorise, onlySteady), 10, 3);
        assertEquals(0.75, acc[1], 1e-12, "a fixed choice scores its accuracy on all rows");
        assertTrue(acc[0] < 0.75, "memorising the fitting half does not carry over: " + acc[0]);

        assertArrayEquals(acc, ValidationCrossCheck.heldOutAccuracy(library, List.of(memorise, onlySteady), 10, 3),
                "seeded");
    }

    @Test
    void bestSingleIsChosenOnTheFittingHalfAndStandardWaysRun() {
        int n = 30;
        ValidationCrossCheck.Library library = new ValidationCrossCheck.Library(List.of(7, 8, 9),
                List.of(constant(n, 0.3), constant(n, 0.9), constant(n, 0.45)), new int[n]);
        List<ValidationCrossCheck.Way> ways = ValidationCrossCheck.standardWays(5, 4);
        double[] acc = ValidationCrossCheck.heldOutAccuracy(library, ways, 2, 1);
        assertEquals("best single", ways.get(0).name());
        assertEquals(1.0, acc[0], "the one right candidate is found on either half");
        assertEquals(4 + 8, ways.size(), "4 plain ways, 8 caruana variants");
        // equal soft vote: mean p0 = 0.55 > 0.5 everywhere; hard vote: 1 of 3 members right everywhere
        assertEquals(1.0, acc[1]);
        assertEquals(0.0, acc[2]);
        for (int w = 4; w < ways.size(); w++) {
            assertEquals(1.0, acc[w], ways.get(w).name());
        }
    }
}
