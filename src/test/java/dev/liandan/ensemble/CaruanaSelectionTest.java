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

    // Three models each right and sure on 4 of 6 rows and sure and wrong on the other 2 (a different
    // 2 each); any pair is worse than one alone (2 of 6), all three together are right everywhere.
    // Greedy steps from empty keep repeating one model; the sorted initialisation starts from the
    // mean of the best three, which is where the good ensemble is.
    private static final double[][] M1 = model(0.9, 0.9, 0.9, 0.9, 0.05, 0.05);
    private static final double[][] M2 = model(0.9, 0.9, 0.05, 0.05, 0.9, 0.9);
    private static final double[][] M3 = model(0.05, 0.05, 0.9, 0.9, 0.9, 0.9);
    private static final double[][] M4 = model(0.6, 0.6, 0.6, 0.4, 0.4, 0.4);

    @Test
    void sortedInitialisationStartsFromTheBestPrefixOfTheSortedCandidates() {
        List<double[][]> library = List.of(M4, M1, M2, M3); // M4 (3 of 6) first: sorting is by score, not position
        assertEquals(2 / 6.0, Metric.accuracy(Combination.softVote(List.of(M1, M2), new double[]{1, 1}), Y));
        assertEquals(1.0, Metric.accuracy(Combination.softVote(List.of(M1, M2, M3), new double[]{1, 1, 1}), Y));

        CaruanaSelection.Result plain = CaruanaSelection.select(library, Y, Metric.ACCURACY, 3);
        assertEquals(4 / 6.0, plain.score(), "from empty, three greedy steps never reach the triple");

        CaruanaSelection.Result sorted = CaruanaSelection.select(library, Y, Metric.ACCURACY,
                new CaruanaSelection.Settings(3, true, 1, 1.0, 0));
        assertEquals(1.0, sorted.score());
        assertEquals(3, sorted.runs().get(0).initial(), "N = 3: the best prefix of the sorted list");
        assertEquals(List.of(1, 2, 3), sorted.order(), "M1, M2, M3 (equal scores and losses: by position)");
        assertArrayEquals(new double[]{0, 1 / 3.0, 1 / 3.0, 1 / 3.0}, sorted.weights(), 1e-12);

        // more steps after the initialisation may only keep or improve the initial mixture's score
        CaruanaSelection.Result longer = CaruanaSelection.select(library, Y, Metric.ACCURACY,
                new CaruanaSelection.Settings(10, true, 1, 1.0, 0));
        assertEquals(1.0, longer.score());
        assertEquals(List.of(1, 2, 3), longer.order().subList(0, 3));
        assertTrue(longer.runs().get(0).size() >= 3, "the kept prefix is never shorter than the initialisation");
    }

    @Test
    void baggedSelectionAveragesRunsOnRandomHalves() {
        List<double[][]> library = List.of(A, B, D, C, M1, M2);
        CaruanaSelection.Settings settings = new CaruanaSelection.Settings(5, false, 8, 0.5, 42);
        CaruanaSelection.Result r = CaruanaSelection.select(library, Y, Metric.ACCURACY, settings);

        assertEquals(8, r.runs().size());
        double[] expected = new double[library.size()];
        for (CaruanaSelection.Run run : r.runs()) {
            assertEquals(3, run.subset().size(), "half of 6 candidates");
            for (int c = 0; c < library.size(); c++) {
                assertTrue(run.counts()[c] == 0 || run.subset().contains(c), "a run picks only from its bag");
                expected[c] += (double) run.counts()[c] / run.size() / 8;
            }
        }
        assertArrayEquals(expected, r.weights(), 1e-12);
        assertEquals(1.0, java.util.Arrays.stream(r.weights()).sum(), 1e-12);
        assertEquals(Metric.accuracy(Combination.softVote(library, r.weights()), Y), r.score());
        assertTrue(r.runs().stream().map(CaruanaSelection.Run::subset).distinct().count() > 1, "the bags differ");

        CaruanaSelection.Result again = CaruanaSelection.select(library, Y, Metric.ACCURACY, settings);
        assertArrayEquals(r.weights(), again.weights(), "same seed, same bags, same weights");
    }

    @Test
    void settingsRefuseNonsense() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CaruanaSelection.Settings(0, false, 1, 1.0, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CaruanaSelection.Settings(5, false, 0, 1.0, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CaruanaSelection.Settings(5, false, 2, 0.0, 0));
    }
}
