package dev.liandan.train;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a {@link HighwayLayer}, in this order in the flat parameter vector:
 * {@code WH [n, n]}, {@code WT [n, n]}, {@code bH [1, n]}, {@code bT [1, n]}; weights in 'f' order
 * as DL4J's dense layers keep them. {@code WH} takes the layer's weight init (kaiming for ReLU),
 * {@code WT} Xavier (a sigmoid), {@code bH} 0 and {@code bT} {@link HighwayLayer#GATE_BIAS}.
 */
final class HighwayParamInitializer implements ParamInitializer {

    static final HighwayParamInitializer INSTANCE = new HighwayParamInitializer();
    static final String WH = "WH";
    static final String WT = "WT";
    static final String BH = "bH";
    static final String BT = "bT";
    private static final List<String> KEYS = List.of(WH, WT, BH, BT);

    private HighwayParamInitializer() {
    }

    private static long size(Layer layer) {
        return ((FeedForwardLayer) layer).getNOut();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long n = size(layer);
        return 2 * n * n + 2 * n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WH, WT);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BH, BT);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WH.equals(key) || WT.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BH.equals(key) || BT.equals(key);
    }

    /** Views of {@code flat} by key. */
    private static Map<String, INDArray> views(Layer layer, INDArray flat) {
        long n = size(layer);
        INDArray f = flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(WH, f.get(NDArrayIndex.interval(0, n * n)).reshape('f', n, n));
        out.put(WT, f.get(NDArrayIndex.interval(n * n, 2 * n * n)).reshape('f', n, n));
        out.put(BH, f.get(NDArrayIndex.interval(2 * n * n, 2 * n * n + n)).reshape(1, n));
        out.put(BT, f.get(NDArrayIndex.interval(2 * n * n + n, 2 * n * n + 2 * n)).reshape(1, n));
        return out;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Layer layer = conf.getLayer();
        Map<String, INDArray> p = views(layer, paramsView);
        if (initializeParams) {
            long n = size(layer);
            IWeightInit h = ((FeedForwardLayer) layer).getWeightInitFn();
            if (h == null) {
                h = WeightInit.XAVIER.getWeightInitFunction();
            }
            h.init(n, n, new long[]{n, n}, 'f', p.get(WH));
            WeightInit.XAVIER.getWeightInitFunction().init(n, n, new long[]{n, n}, 'f', p.get(WT));
            p.get(BH).assign(0);
            p.get(BT).assign(HighwayLayer.GATE_BIAS);
        }
        return p;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf.getLayer(), gradientView);
    }
}
