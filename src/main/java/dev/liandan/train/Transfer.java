package dev.liandan.train;

import dev.liandan.core.UserError;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fine-tuning a saved DL4J network ({@code model.pretrained}; Yosinski et al. 2014, "How
 * transferable are features in deep neural networks?"): every layer but the output layer keeps
 * its configuration and learnt parameters, the output layer is replaced by a fresh softmax for the
 * new data's classes (the trial's loss, Xavier init), the first {@code freeze} layers are wrapped
 * in DL4J's {@link FrozenLayer} (no updates: their parameters stay bit-identical), and the rest
 * train with the trial's optimizer, schedule, weight decay and {@link LayerRates}. The {@code reinit}
 * layers right below the new head start from a fresh initialisation instead of their learnt
 * parameters: Yosinski et al. copy only the first n layers of the source network (their "AnB"
 * networks), because the top layers are specific to the source classes. The trial's own
 * architecture settings ({@code type}, {@code hidden_layers}, ...) do not apply: the architecture
 * is the saved one's.
 */
final class Transfer {
    private Transfer() {
    }

    static MultiLayerNetwork build(TrialConfig cfg, Path modelFile, Dataset data, ISchedule lr) {
        checkScaling(modelFile, InputScaling.of(data.scaler()));
        return build(cfg, modelFile, data.featureCount(), data.classCount(), lr);
    }

    /**
     * Refuses to fine-tune a network on inputs scaled differently from its training (Yosinski et
     * al.'s transferred features assume the same input distribution; a min-max or standard scaler
     * fitted on another study's rows moves it). A model saved before liandan recorded its
     * scaling is not checked.
     */
    static void checkScaling(Path modelFile, InputScaling now) {
        InputScaling then = saved(modelFile);
        if (then == null || then.center().length != now.center().length) {
            // no record, or another number of features: the shape check names that
            return;
        }
        String mismatch = then.mismatch(now);
        if (mismatch != null) {
            String lower = then.method().toLowerCase(java.util.Locale.ROOT);
            throw new UserError("model.pretrained: " + modelFile.toAbsolutePath().normalize()
                    + " was trained on inputs scaled by data.normalize: "
                    + lower + (then.fitted() ? " (fitted on its own study's training rows)" : "")
                    + "; this study's are scaled otherwise (" + mismatch + "), so the carried-over layers would see"
                    + " other inputs: give both studies a fixed scaling (normalize: pixels for 8-bit images, or none)");
        }
    }

    /** The input scaling recorded in {@code modelFile}, or null for a model without one. */
    static InputScaling saved(Path modelFile) {
        if (!Files.isRegularFile(modelFile)) {
            return null;
        }
        try {
            return ModelSerializer.getObjectFromFile(modelFile.toFile(), InputScaling.KEY);
        } catch (RuntimeException e) {
            // no such entry (an older or foreign model), or one that no longer deserialises
            return null;
        }
    }

    static MultiLayerNetwork build(TrialConfig cfg, Path modelFile, int inputs, int classes, ISchedule lr) {
        MultiLayerNetwork source = load(modelFile);
        try {
            MultiLayerConfiguration conf = source.getLayerWiseConfigurations().clone();
            // the saved network's iteration and epoch counters would put the new run's schedule at
            // their end (a one-cycle run would start at its final, tiny rate): start from 0
            conf.setIterationCount(0);
            conf.setEpochCount(0);
            List<NeuralNetConfiguration> confs = conf.getConfs();
            int last = confs.size() - 1;
            if (last < 1 || !(confs.get(last).getLayer() instanceof BaseOutputLayer old)) {
                throw new UserError(modelFile + ": expected a network with hidden layers that ends in an output layer");
            }
            Layer first = confs.get(0).getLayer();
            if (first instanceof FeedForwardLayer f && conf.getInputPreProcess(0) == null
                    && f.getNIn() > 0 && f.getNIn() != inputs) {
                throw new UserError(modelFile + ": the pretrained network takes " + f.getNIn()
                        + " features, the data has " + inputs);
            }
            OutputLayer.Builder head = new OutputLayer.Builder(Models.loss(cfg)).nIn(old.getNIn()).nOut(classes)
                    .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).updater(Models.updater(cfg, lr));
            if (old.getIDropout() != null) {
                head.dropOut(old.getIDropout().clone());
            }
            // built through a configuration builder so that DL4J fills in the defaults (bias init, ...)
            // that its list builder gives every layer
            confs.get(last).setLayer(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                    .layer(head.build()).build().getLayer());
            // frozen layers: all but the new head at most, so that something trains
            int frozen = Math.min(cfg.transfer().freeze(), last);
            int copied = last - Math.min(cfg.transfer().reinit(), last);
            if (frozen > copied) {
                // a searched combination can be contradictory: that trial fails with this reason, the sweep goes on
                throw new IllegalArgumentException("model.freeze: " + cfg.transfer().freeze() + " would freeze freshly initialised layers: with reinit "
                        + cfg.transfer().reinit() + " only the first " + copied + " of the network's " + last
                        + " layers below the head keep their learnt parameters");
            }
            for (int i = 0; i < confs.size(); i++) {
                NeuralNetConfiguration c = confs.get(i);
                c.clearVariables();
                BaseLayer b = LayerRates.base(c.getLayer());
                if (b != null) {
                    b.setRegularization(regularization(cfg));
                    b.setRegularizationBias(new ArrayList<>());
                }
                if (i < frozen) {
                    c.setLayer(new FrozenLayer(c.getLayer()));
                }
            }
            LayerRates.apply(conf, cfg, lr);
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            for (int i = 0; i < copied; i++) {
                // activation and pooling layers have no parameters
                if (source.getLayer(i).numParams() > 0) {
                    net.getLayer(i).setParams(source.getLayer(i).params().dup());
                }
            }
            return net;
        } finally {
            source.close();
        }
    }

    private static List<Regularization> regularization(TrialConfig cfg) {
        List<Regularization> out = new ArrayList<>();
        if (cfg.optimizer().weightDecay() > 0) {
            out.add(new WeightDecay(cfg.optimizer().weightDecay(), true));
        }
        return out;
    }

    private static MultiLayerNetwork load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("model.pretrained: no such model file: " + file);
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new UserError("model.pretrained: " + file + " is not a DL4J MultiLayerNetwork zip: " + e.getMessage());
        }
    }
}
