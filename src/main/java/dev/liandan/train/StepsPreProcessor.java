package dev.liandan.train;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Turns flat rows {@code [n, steps * features]} (time-major: step 0's features, then step 1's...)
 * into one row per (step, example), {@code [steps * n, features]}, ordered step-major
 * ({@code row = t * n + b}) as DL4J's {@code FeedForwardToRnnPreProcessor} expects (it reshapes in
 * 'f' order). So a CSV row can be fed to a per-step dense projection and then to an LSTM without
 * the data pipeline knowing about sequences.
 */
public final class StepsPreProcessor implements InputPreProcessor {

    private static final long serialVersionUID = 1L;

    @JsonProperty("steps")
    private final long steps;
    @JsonProperty("features")
    private final long features;

    @JsonCreator
    public StepsPreProcessor(@JsonProperty("steps") long steps, @JsonProperty("features") long features) {
        this.steps = steps;
        this.features = features;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long n = input.size(0);
        INDArray out = input.reshape('c', n, steps, features).permute(1, 0, 2).dup('c').reshape('c', n * steps, features);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long n = output.size(0) / steps;
        INDArray out = output.dup('c').reshape('c', steps, n, features).permute(1, 0, 2).dup('c')
                .reshape('c', n, steps * features);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, out);
    }

    @Override
    public InputPreProcessor clone() {
        return new StepsPreProcessor(steps, features);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward(features);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    public long getSteps() {
        return steps;
    }

    public long getFeatures() {
        return features;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepsPreProcessor s && s.steps == steps && s.features == features;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(steps * 31 + features);
    }
}
