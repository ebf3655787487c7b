package dev.liandan.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's dense layer, trained with one BLAS product for each of the three matrix products a
 * step needs, and without computing the forward product twice.
 *
 * <p>DL4J 1.0.0-M2.1's {@code BaseLayer.backpropGradient} starts by recomputing
 * {@code z = x W + b}, a fourth product per layer and step, because its forward pass applies
 * the activation to {@code z} in place; and its products go through {@code INDArray.mmuli} into
 * arrays of the other memory order, which for the wide MLP of {@code liandan bench trial} made
 * each product 2–3 times slower than the same product as one {@code Nd4j.gemm} call
 * (bench/RESULTS.md, "Trial speed"). Here a training forward pass computes {@code z} with one
 * {@code gemm}, applies the activation to a copy and keeps {@code z}; the backward pass of the
 * same step takes it and computes the input gradient ({@code delta W^T}) and the weight gradient
 * (as {@code delta^T x}, straight into the column-major gradient view) with one {@code gemm}
 * each. The order of the other operations is DL4J's. The products add up in another order than
 * DL4J's, so values differ from DL4J's layer in the last bits (ForwardKeepingDenseTest bounds the
 * difference). In a {@link NetworkWithoutInputGradient} the network's first layer leaves out
 * {@code delta W^T} when DL4J would throw it away (a training step), which changes no value.
 *
 * <p>A layer that computes its own products (see below) computes inference's {@code x W + b} with
 * one {@code gemm} too: the validation pass of each epoch is part of a trial's time (for the wide
 * MLP DL4J's product took about three times as long), and its scores are then those of the
 * products the layer trains with. A model restored from its file has DL4J's layer, whose outputs
 * differ from the trial's in the last bits.
 *
 * <p>A layer of fewer than {@value #OWN_PRODUCTS_FROM_WEIGHTS} weights keeps {@code z} but leaves the
 * products to DL4J (training and inference are then DL4J's bit for bit). A layer with layer
 * normalisation, and a backward pass without a training forward pass on the same input use DL4J's
 * own code. {@code z} lives in the same workspace as the layer's activations, which DL4J
 * keeps open until the backward pass is done. The network's configuration still names DL4J's
 * dense layer, so a saved model is DL4J's own.
 */
final class ForwardKeepingDense extends DenseLayer {

    private static final long serialVersionUID = 1L;

    /**
     * Weights from which a layer computes its own products: below, DL4J's products are cheaper
     * than a oneDNN call's fixed cost (the digits MLP's 64-128-128 layers trained no faster with
     * their own products), and they keep DL4J's values bit for bit.
     */
    static final long OWN_PRODUCTS_FROM_WEIGHTS = 1L << 16;

    /**
     * Elements of a layer's error {@code delta} from which its bias gradient is the product
     * {@code ones^T delta} rather than DL4J's column sum: one thread, [256, 1024] 0.04–0.12 ms
     * against 0.64 ms, [128, 256] and [32, 1024] about half the sum's time, and below, [64, 128],
     * the sum is faster.
     */
    static final long BIAS_PRODUCT_FROM = 1L << 15;

    /** {@code z} of the last training forward pass, or null. */
    private transient INDArray kept;
    /** {@code z} handed to DL4J's own backward pass, which asks for it through {@link #preOutputWithPreNorm}. */
    private transient INDArray handedOver;
    /** The input {@link #kept} was computed from (after dropout). */
    private transient INDArray keptFor;
    /** Set by {@link NetworkWithoutInputGradient} while DL4J throws this layer's input gradient away. */
    private transient boolean leaveOutInputGradient;
    /** Backward passes that left the input gradient out. */
    private transient long inputGradientsLeftOut;
    /** A row of ones as long as the last batch, for the bias gradient. */
    private transient INDArray ones;

    private ForwardKeepingDense(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * Replaces each of {@code net}'s dense layers (DL4J's own class, not a subclass) with one that
     * keeps its forward pass, sharing its configuration, parameters and gradient views. Call after
     * {@code init()} and before the first fit. Returns how many layers were replaced.
     */
    static int install(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers().clone();
        int replaced = 0;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].getClass() != DenseLayer.class) {
                continue;
            }
            DenseLayer old = (DenseLayer) layers[i];
            ForwardKeepingDense l = new ForwardKeepingDense(old.conf(), net.getLayerWiseConfigurations().getDataType());
            l.setListeners(old.getListeners());
            l.setIndex(old.getIndex());
            l.setParamsViewArray(old.params());
            l.setParamTable(old.paramTable());
            if (old.getGradientsViewArray() != null) {
                l.setBackpropGradientsViewArray(old.getGradientsViewArray());
            }
            l.setCacheMode(net.getLayerWiseConfigurations().getCacheMode());
            layers[i] = l;
            replaced++;
        }
        if (replaced > 0) {
            net.setLayers(layers);
        }
        return replaced;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        kept = null;
        keptFor = null;
        if (hasLayerNorm()) {
            return super.activate(training, workspaceMgr);
        }
        if (!training) {
            INDArray z = ownProducts() ? ownPreOutput(false, workspaceMgr) : null;
            if (z == null) {
                return super.activate(false, workspaceMgr);
            }
            INDArray out = layerConf().getActivationFn().getActivation(z, false);
            if (maskArray != null) {
                applyMask(out);
            }
            return out;
        }
        INDArray z = ownProducts() ? ownPreOutput(true, workspaceMgr) : super.preOutputWithPreNorm(true, false, workspaceMgr).getFirst();
        if (z == null) {
            return super.activate(true, workspaceMgr);
        }
        // the activation works in place: give it a copy and keep z for the backward pass
        INDArray out = layerConf().getActivationFn().getActivation(workspaceMgr.dup(ArrayType.ACTIVATIONS, z, z.ordering()), true);
        if (maskArray != null) {
            applyMask(out);
        }
        kept = z;
        keptFor = input;
        return out;
    }

    /**
     * {@code x W + b} of a forward pass as one BLAS product into a row-major array, or null when
     * the input does not fit (DL4J's own path then says why).
     */
    private INDArray ownPreOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr);
        if (input.rank() != 2 || input.columns() != w.rows()) {
            return null;
        }
        INDArray x = input.castTo(w.dataType());
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), new long[]{x.size(0), w.size(1)}, 'c');
        Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
        if (hasBias()) {
            z.addiRowVector(b);
        }
        if (maskArray != null) {
            applyMask(z);
        }
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = kept;
        boolean reuse = z != null && keptFor == input;
        kept = null;
        keptFor = null;
        if (!reuse) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (!ownProducts()) {
            handedOver = z;
            try {
                return super.backpropGradient(epsilon, workspaceMgr);
            } finally {
                handedOver = null;
            }
        }
        // BaseLayer.backpropGradient of DL4J 1.0.0-M2.1 (without layer normalisation, which
        // never keeps z), with z from the forward pass and each product one BLAS call
        assertInputSet(true);
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        if (maskArray != null) {
            applyMask(delta);
        }
        Gradient ret = new DefaultGradient();
        if (hasBias()) {
            // dL/db = the column sums of delta
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            if (delta.length() >= BIAS_PRODUCT_FROM) {
                // as the product ones^T delta, written through the vector view's [1, n] reshape (a
                // view of the same memory)
                Nd4j.gemm(ones(delta.size(0), delta.dataType()), delta, biasGrad.reshape(1, biasGrad.length()), false, false, 1.0, 0.0);
            } else {
                delta.sum(biasGrad, 0);
            }
            ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray epsilonNext = null;
        if (!leaveOutInputGradient) {
            // dL/dx = delta W^T, [batch, in]
            epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                    new long[]{delta.size(0), w.size(0)}, 'c');
            Nd4j.gemm(delta, w, epsilonNext, false, true, 1.0, 0.0);
        }
        // dL/dW = x^T delta, written as its transpose delta^T x into the column-major gradient view
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(delta, input.castTo(weightGrad.dataType()), weightGrad.transpose(), true, false, 1.0, 0.0);
        ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        weightNoiseParams.clear();
        if (epsilonNext == null) {
            inputGradientsLeftOut++;
            // the dropout's backward pass would only scale the gradient by the mask and then drop
            // the mask (no random numbers): drop it here
            if (layerConf().getIDropout() != null) {
                layerConf().getIDropout().clear();
            }
            return new Pair<>(ret, null);
        }
        return new Pair<>(ret, backpropDropOutIfPresent(epsilonNext));
    }

    /**
     * Whether the backward pass computes the input gradient: {@link NetworkWithoutInputGradient}
     * says no while DL4J throws it away. Only this layer's own products use it; DL4J's products
     * always compute it.
     */
    void leaveOutInputGradient(boolean leaveOut) {
        leaveOutInputGradient = leaveOut;
    }

    /** Backward passes that left the input gradient out. */
    long inputGradientsLeftOut() {
        return inputGradientsLeftOut;
    }

    /** A row of {@code n} ones, kept outside DL4J's workspaces for the next steps of the same batch size. */
    private INDArray ones(long n, DataType type) {
        if (ones == null || ones.length() != n || ones.dataType() != type) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(type, 1, n);
            }
        }
        return ones;
    }

    /** Whether this layer computes its own products: float weights, at least {@link #OWN_PRODUCTS_FROM_WEIGHTS}. */
    private boolean ownProducts() {
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        // fp16 stays on DL4J's products, which PrecisionTest covers
        return w.dataType() == DataType.FLOAT && w.length() >= OWN_PRODUCTS_FROM_WEIGHTS;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = handedOver;
        handedOver = null;
        if (z != null && training && forBackprop) {
            return new Pair<>(z, z); // without layer normalisation DL4J's second value is z too
        }
        return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }

    @Override
    public void clearNoiseWeightParams() {
        kept = null;
        keptFor = null;
        super.clearNoiseWeightParams();
    }

    @Override
    public void clear() {
        kept = null;
        keptFor = null;
        super.clear();
    }
}
