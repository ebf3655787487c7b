package dev.liandan.ensemble;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftVoteWeightsTest {
    @Test
    void fittedWeightsFavourTheInformativeMemberAndBeatEqualWeights() {
        int n = 200;
        int[] y = new int[n];
        double[][] good = new double[n][];
        double[][] noise = new double[n][];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            good[i] = new double[3];
            java.util.Arrays.fill(good[i], 0.1);
            good[i][y[i]] = 0.8;
            double a = r.nextDouble();
            double b = r.nextDouble();
            double c = r.nextDouble();
            noise[i] = new double[]{a / (a + b + c), b / (a + b + c), c / (a + b + c)};
        }
        List<double[][]> members = List.of(noise, good);
        double[] w = SoftVoteWeights.fit(members, y);
        assertEquals(1.0, w[0] + w[1], 1e-9);
        assertTrue(w[1] > 0.8, "the informative member carries the weight: " + w[1]);
        double fitted = Metric.logLoss(Combination.softVote(members, w), y);
        double equal = Metric.logLoss(Combination.softVote(members, new double[]{0.5, 0.5}), y);
        assertTrue(fitted < equal, fitted + " < " + equal);
        // the optimum: no small move of the weights lowers the loss
        for (double eps : new double[]{-0.01, 0.01}) {
            double[] moved = {w[0] + eps, w[1] - eps};
            if (moved[0] >= 0 && moved[1] >= 0) {
                assertTrue(Metric.logLoss(Combination.softVote(members, moved), y) >= fitted - 1e-12);
            }
        }
    }
}
