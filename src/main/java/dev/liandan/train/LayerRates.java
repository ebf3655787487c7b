package dev.liandan.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Layer-wise (discriminative) learning rates (Howard & Ruder 2018, "Universal Language Model
 * Fine-tuning for Text Classification", section 3.2; Yosinski et al. 2014 on how features become
 * more general towards the input): the output layer trains at the trial's rate, and every layer
 * with parameters below it at
 * {@code features_lr_multiplier * lr_decay_per_layer ^ (d - 1)} times that rate, {@code d} counting
 * the trainable layers from the head down (the layer right below the head has {@code d = 1}).
 * Frozen layers take no part. Each layer gets its own updater with a {@link ScaledSchedule}, so
 * the shape of the trial's schedule is kept and the factors survive a save and load.
 */
final class LayerRates {
    private LayerRates() {
    }

    /** The factor of each layer of {@code conf} (NaN for layers without parameters or frozen). */
    static double[] factors(MultiLayerConfiguration conf, TrialConfig cfg) {
        int n = conf.getConfs().size();
        double[] out = new double[n];
        List<Integer> trainable = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out[i] = Double.NaN;
            Layer layer = conf.getConf(i).getLayer();
            if (!(layer instanceof FrozenLayer) && layer.initializer().numParams(layer) > 0) {
                trainable.add(i);
            }
        }
        for (int k = trainable.size() - 1; k >= 0; k--) {
            int d = trainable.size() - 1 - k;
            out[trainable.get(k)] = d == 0 ? 1.0
                    : cfg.transfer().featuresLrMultiplier() * Math.pow(cfg.transfer().lrDecayPerLayer(), d - 1);
        }
        return out;
    }

    /** Gives every trainable layer of {@code conf} the trial's updater with its factor of {@code lr}. */
    static void apply(MultiLayerConfiguration conf, TrialConfig cfg, ISchedule lr) {
        double[] f = factors(conf, cfg);
        for (int i = 0; i < f.length; i++) {
            if (Double.isNaN(f[i])) {
                continue;
            }
            BaseLayer layer = base(conf.getConf(i).getLayer());
            if (layer != null) {
                layer.setIUpdater(Models.updater(cfg, f[i] == 1.0 ? lr : new ScaledSchedule(f[i], lr)));
                layer.setBiasUpdater(null);
            }
        }
    }

    /** The layer that holds the updater: the layer itself, or the one a wrapper (LastTimeStep) holds. */
    static BaseLayer base(Layer layer) {
        if (layer instanceof BaseWrapperLayer w) {
            return base(w.getUnderlying());
        }
        return layer instanceof BaseLayer b ? b : null;
    }
}
