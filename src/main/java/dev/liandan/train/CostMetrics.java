package dev.liandan.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trained network costs, recorded with every dl4j trial so that a study may trade it
 * against accuracy (several objectives) or bound it: {@code params} (the number of trainable
 * parameters), {@code train_s} (wall seconds of training, every epoch run) and {@code latency_ms}
 * (milliseconds of inference per row: the median of {@value #PASSES} passes over the validation
 * split, in the passes of {@link Inference}, after one unmeasured warm-up pass). {@code params} is
 * exact and reproducible and recorded for every trial; the two times depend on the machine and its
 * load, so they are measured only for a study whose objectives name them (a trial's metrics stay
 * reproducible otherwise).
 */
public final class CostMetrics {
    /** The metrics measured once after training (no per-epoch values). */
    public static final List<String> NAMES = List.of("params", "train_s", "latency_ms");
    static final int PASSES = 3;

    private CostMetrics() {
    }

    static Map<String, Double> measure(MultiLayerNetwork net, Split validation, double trainSeconds,
                                       dev.liandan.space.StudySpec spec) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("params", (double) net.numParams());
        java.util.Set<String> named = new java.util.HashSet<>();
        spec.objectives().forEach(o -> named.add(o.metric()));
        if (named.contains("train_s")) {
            out.put("train_s", trainSeconds);
        }
        if (!named.contains("latency_ms")) {
            return out;
        }
        float[] x = validation.features();
        int n = validation.size();
        Inference.probabilities(net, x, n, validation.featureCount());
        double[] ms = new double[PASSES];
        for (int i = 0; i < PASSES; i++) {
            long start = System.nanoTime();
            Inference.probabilities(net, x, n, validation.featureCount());
            ms[i] = (System.nanoTime() - start) / 1e6 / Math.max(1, n);
        }
        Arrays.sort(ms);
        out.put("latency_ms", ms[PASSES / 2]);
        return out;
    }
}
