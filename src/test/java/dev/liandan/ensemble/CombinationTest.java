package dev.liandan.ensemble;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The voting rules on hand-made probabilities. */
class CombinationTest {
    private static final double[] EQUAL2 = {1, 1};

    private static double[][] rows(double[]... r) {
        return r;
    }

    @Test
    void softVoteAveragesProbabilitiesWithWeights() {
        double[][] a = rows(new double[]{0.6, 0.3, 0.1}, new double[]{0.1, 0.1, 0.8});
        double[][] b = rows(new double[]{0.2, 0.7, 0.1}, new double[]{0.3, 0.3, 0.4});
        double[][] avg = Combination.softVote(List.of(a, b), EQUAL2);
        assertArrayEquals(new double[]{0.4, 0.5, 0.1}, avg[0], 1e-12);
        assertArrayEquals(new double[]{0.2, 0.2, 0.6}, avg[1], 1e-12);
        assertArrayEquals(new int[]{1, 2}, Combination.labels(Method.SOFT_VOTE, List.of(a, b), EQUAL2, new int[]{0, 1}));

        // weights 3:1 tip row 0 to a's class; weights need not sum to 1
        double[][] weighted = Combination.softVote(List.of(a, b), new double[]{3, 1});
        assertArrayEquals(new double[]{0.5, 0.4, 0.1}, weighted[0], 1e-12);
        assertEquals(0, Combination.argmax(weighted[0]));
    }

    @Test
    void softVoteTieGoesToTheLowerClass() {
        double[][] a = rows(new double[]{0.8, 0.2});
        double[][] b = rows(new double[]{0.2, 0.8});
        assertArrayEquals(new int[]{0}, Combination.labels(Method.SOFT_VOTE, List.of(a, b), EQUAL2, new int[]{0, 1}));
    }

    @Test
    void hardVoteMajorityBeatsConfidence() {
        // two members say class 1 weakly, one says class 0 very surely: soft vote picks 0, hard vote 1
        double[][] a = rows(new double[]{0.99, 0.01});
        double[][] b = rows(new double[]{0.45, 0.55});
        double[][] c = rows(new double[]{0.45, 0.55});
        List<double[][]> m = List.of(a, b, c);
        double[] w = {1, 1, 1};
        assertArrayEquals(new int[]{0}, Combination.labels(Method.SOFT_VOTE, m, w, new int[]{0, 1, 2}));
        assertArrayEquals(new int[]{1}, Combination.labels(Method.HARD_VOTE, m, w, new int[]{0, 1, 2}));
        assertArrayEquals(new double[]{1.0 / 3, 2.0 / 3}, Combination.proba(Method.HARD_VOTE, m, w, null)[0], 1e-12);
    }

    @Test
    void hardVoteTieBrokenBySummedProbabilities() {
        // row 0: votes 1-1 between class 0 and 2; summed probabilities favour class 2 (1.1 vs 1.0)
        // row 1: the same votes, but the sums favour class 0 (1.3 vs 0.7)
        double[][] a = rows(new double[]{0.5, 0.1, 0.4}, new double[]{0.9, 0.0, 0.1});
        double[][] b = rows(new double[]{0.3, 0.0, 0.7}, new double[]{0.4, 0.0, 0.6});
        assertArrayEquals(new int[]{2, 0}, Combination.hardVote(List.of(a, b), EQUAL2));
        // a 2-2 tie among four members; class 1 has more probability in total (2.59 vs 1.41)
        double[][] p = rows(new double[]{0.6, 0.4});
        double[][] q = rows(new double[]{0.51, 0.49});
        double[][] r = rows(new double[]{0.2, 0.8});
        double[][] s = rows(new double[]{0.1, 0.9});
        assertArrayEquals(new int[]{1}, Combination.hardVote(List.of(p, q, r, s), new double[]{1, 1, 1, 1}));
    }

    @Test
    void hierarchicalAveragesEachConfigurationThenConfigurationsVote() {
        // configuration A: three seeds all vote 0; configurations B and C vote 1.
        // A plain hard vote over the five members says 0 (3 votes to 2); by configuration it is 1 (2 to 1).
        double[][] a1 = rows(new double[]{0.7, 0.3});
        double[][] a2 = rows(new double[]{0.6, 0.4});
        double[][] a3 = rows(new double[]{0.8, 0.2});
        double[][] b = rows(new double[]{0.4, 0.6});
        double[][] c = rows(new double[]{0.3, 0.7});
        List<double[][]> m = List.of(a1, a2, a3, b, c);
        double[] w = {1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 3, 1.0 / 3};
        int[] groups = {7, 7, 7, 2, 5};
        assertArrayEquals(new int[]{0}, Combination.labels(Method.HARD_VOTE, m, new double[]{1, 1, 1, 1, 1}, groups));
        assertArrayEquals(new int[]{1}, Combination.labels(Method.HIERARCHICAL, m, w, groups));
        assertArrayEquals(new double[]{1.0 / 3, 2.0 / 3}, Combination.proba(Method.HIERARCHICAL, m, w, groups)[0], 1e-12);

        // inside a configuration the members are averaged by probability, not voted:
        // a sure 0.9 and an unsure 0.4 make 0.65 for class 0, although the votes are split 1-1
        Combination.Grouped g = Combination.groupAverages(List.of(rows(new double[]{0.9, 0.1}),
                rows(new double[]{0.4, 0.6})), new double[]{0.5, 0.5}, new int[]{3, 3});
        assertEquals(1, g.members().size());
        assertArrayEquals(new double[]{0.65, 0.35}, g.members().get(0)[0], 1e-12);
    }

    @Test
    void hierarchicalTieBetweenConfigurationsBrokenByTheirSummedProbabilities() {
        // two configurations disagree; the second is surer of its class once its seeds are averaged
        double[][] a1 = rows(new double[]{0.6, 0.4});
        double[][] a2 = rows(new double[]{0.55, 0.45});
        double[][] b1 = rows(new double[]{0.1, 0.9});
        double[][] b2 = rows(new double[]{0.2, 0.8});
        double[] w = {0.25, 0.25, 0.25, 0.25};
        assertArrayEquals(new int[]{1}, Combination.labels(Method.HIERARCHICAL, List.of(a1, a2, b1, b2), w,
                new int[]{0, 0, 1, 1}));
    }

    @Test
    void refusesMismatchedInputs() {
        double[][] a = rows(new double[]{1, 0});
        assertThrows(IllegalArgumentException.class, () -> Combination.softVote(List.<double[][]>of(a), new double[]{1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Combination.softVote(List.<double[][]>of(a), new double[]{0}));
        assertThrows(IllegalArgumentException.class, () -> Combination.softVote(List.of(a, rows()), EQUAL2));
    }
}
