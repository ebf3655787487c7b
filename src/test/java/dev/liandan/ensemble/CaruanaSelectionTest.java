package dev.liandan.ensemble;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaruanaSelectionTest {

    /** Two classes; every row's true class is 0; p0 = each row's probability of class 0. */
    private static double[][] model(double... p0) {
        double[][] p = new double[p0.length][];
        for (int i = 0; i < p0.length; i++) {
            p[i] = new double[]{p0[i], 1 - p0[i]};
        }
        return p;
    }

    // A and B are the two best singles (4 of 6 right) and wrong on the same rows, so together they
    // stay at 4 of 6. C alone is poor (2 of 6) but right, and sure, exactly where A is wrong, and
    // only mildly wrong elsewhere: A + C gets all 6 rows.
    private static final double[][] A = model(0.9, 0.9, 0.9, 0.9, 0.3, 0.3);
    private static final double[][] B = model(0.8, 0.8, 0.8, 0.8, 0.35, 0.35);
    private static final double[][] D = model(0.7, 0.7, 0.7, 0.2, 0.2, 0.2);
    private static final double[][] C = model(0.4, 0.4, 0.4, 0.4, 0.95, 0.95);
    private static final int[] Y = {0, 0, 0, 0, 0, 0};

    @Test
    void bestPairIsNotTheTopTwoSingles() {
        List<double[][]> ranked = List.of(A, B, D, C); // candidates best first, as a study ranks them
        assertEquals(4 / 6.0, Metric.accuracy(A, Y));
        assertEquals(4 / 6.0, Metric.accuracy(B, Y));
        assertEquals(2 / 6.0, Metric.accuracy(C, Y));
        assertEquals(4 / 6.0, Metric.accuracy(Combination.softVote(List.of(A, B), new double[]{1, 1}), Y),
                "the top-2 singles together gain nothing");

        CaruanaSelection.Result two = CaruanaSelection.select(ranked, Y, Metric.ACCURACY, 2);
        assertEquals(List.of(0, 3), two.order(), "first A (best alone; lower log loss than B), then C");
        assertArrayEquals(new int[]{1, 0, 0, 1}, two.counts());
        assertEquals(1.0, two.score());
        assertArrayEquals(new double[]{0.5, 0, 0, 0.5}, two.weights(), 1e-12);

        CaruanaSelection.Result more = CaruanaSelection.select(ranked, Y, Metric.ACCURACY, 10);
        assertEquals(List.of(0, 3), more.order().subList(0, 2));
        assertEquals(1.0, more.score());
        assertTrue(more.counts()[0] > 0 && more.counts()[3] > 0, "A and C kept");
        assertEquals(more.size(), java.util.Arrays.stream(more.counts()).sum());
        assertEquals(1.0, Metric.accuracy(Combination.softVote(ranked, more.weights()), Y));
        assertEquals(10, more.trajectory().size());
    }

    @Test
    void keepsTheBestPrefixNotTheLastStep() {
        // one candidate: every step adds it again, the score never changes; the shortest prefix is kept
        CaruanaSelection.Result r = CaruanaSelection.select(List.<double[][]>of(A), Y, Metric.ACCURACY, 5);
        assertEquals(1, r.size());
        assertArrayEquals(new int[]{1}, r.counts());
        assertEquals(5, r.order().size());
    }

    @Test
    void logLossSelectionPrefersCalibratedMixtures() {
        CaruanaSelection.Result r = CaruanaSelection.select(List.of(A, B, D, C), Y, Metric.LOG_LOSS, 8);
        double single = Metric.logLoss(A, Y);
        assertTrue(r.score() < single, r.score() + " < " + single);
        assertEquals(r.score(), Metric.logLoss(Combination.softVote(List.of(A, B, D, C), r.weights()), Y), 1e-12);
    }
}
