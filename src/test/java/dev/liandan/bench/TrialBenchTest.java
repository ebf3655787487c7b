package dev.liandan.bench;

import dev.liandan.train.Dataset;
import dev.liandan.train.Datasets;
import dev.liandan.train.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trial bench's parts: the splits handed to PyTorch, the GEMM shapes, the arithmetic, a real dl4j trial. */
class TrialBenchTest {
    @TempDir
    Path tmp;

    private static TrialBench.Workload digits() {
        return TrialBench.workloads(Path.of("data")).get(0);
    }

    @Test
    void exportedSplitsReadBackAsTheRowsTheDl4jTrialSees() throws Exception {
        Dataset data = Datasets.load(digits().data());
        TrialBench.export(data, tmp);
        Split train = data.train();
        ByteBuffer x = ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("train_x.f32"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] back = new float[x.remaining() / 4];
        x.asFloatBuffer().get(back);
        assertArrayEquals(train.features(), back);
        ByteBuffer y = ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("val_y.i64"))).order(ByteOrder.LITTLE_ENDIAN);
        Split val = data.validation();
        assertEquals(val.size() * 8L, Files.size(tmp.resolve("val_y.i64")));
        for (int i = 0; i < val.size(); i++) {
            assertEquals(val.label(i), y.getLong(i * 8));
        }
    }

    @Test
    void gemmsOfAnEpochAreTheProductsATrialNeedsAndItsValidationPass() {
        TrialBench.Workload w = digits();
        Dataset data = Datasets.load(w.data());
        double steps = data.train().size() / 32.0;
        double passes = data.validation().size() / 256.0;
        List<TrialBench.Gemm> g = TrialBench.gemms(w, data);
        assertEquals(List.of(
                new TrialBench.Gemm(32, 64, 128, steps), new TrialBench.Gemm(64, 32, 128, steps),
                new TrialBench.Gemm(256, 64, 128, passes),
                new TrialBench.Gemm(32, 128, 128, steps), new TrialBench.Gemm(128, 32, 128, steps),
                new TrialBench.Gemm(32, 128, 128, steps), new TrialBench.Gemm(256, 128, 128, passes),
                new TrialBench.Gemm(32, 128, 10, steps), new TrialBench.Gemm(128, 32, 10, steps),
                new TrialBench.Gemm(32, 10, 128, steps), new TrialBench.Gemm(256, 128, 10, passes)), g,
                "forward, weight gradient, input gradient (not of the first layer: nothing reads the data's), validation");
        TrialBench.Workload cnn = TrialBench.workloads(Path.of("data")).get(1);
        Dataset mnist = Datasets.load(cnn.data());
        double cnnSteps = mnist.train().size() / 64.0;
        double cnnPasses = mnist.validation().size() / 256.0;
        List<TrialBench.Gemm> c = TrialBench.gemms(cnn, mnist);
        assertEquals(new TrialBench.Gemm(64 * 28 * 28, 9, 8, cnnSteps), c.get(0), "the first convolution as its im2col product");
        assertEquals(new TrialBench.Gemm(256 * 28 * 28, 9, 8, cnnPasses), c.get(2));
        assertEquals(new TrialBench.Gemm(64 * 14 * 14, 9 * 8, 16, cnnSteps), c.get(3));
        assertEquals(new TrialBench.Gemm(64 * 14 * 14, 16, 9 * 8, cnnSteps), c.get(5), "the second convolution's input gradient");
        assertEquals(new TrialBench.Gemm(64, 7 * 7 * 16, 128, cnnSteps), c.get(7));
        assertEquals(3.0 * 2 + 1.0 * 4, TrialBench.gemmEpochSeconds(List.of(new TrialBench.Gemm(1, 1, 1, 2),
                new TrialBench.Gemm(1, 1, 1, 4)), new double[]{3, 1}, new double[]{5, 2}), 1e-12,
                "the faster engine per product, times its count in an epoch");
    }

    @Test
    void perEpochTimeIsTheDifferenceOfTwoTrialsAndTheRestIsFixed() {
        TrialBench.Workload w = digits(); // 2 and 30 epochs
        List<TrialBench.Timed> shorts = List.of(new TrialBench.Timed(1.4, 0.5, 0.9), new TrialBench.Timed(1.2, 0.4, 0.9),
                new TrialBench.Timed(9.0, 0.6, 0.9));
        List<TrialBench.Timed> longs = List.of(new TrialBench.Timed(7.0, 3.3, 0.97), new TrialBench.Timed(6.8, 3.2, 0.98),
                new TrialBench.Timed(9.0 + 28, 3.4, 0.99));
        TrialBench.Figures f = TrialBench.figures(w, shorts, longs);
        assertEquals(0.2, f.epochS(), 1e-12, "median of 0.2, 0.2, 1.0");
        assertEquals(0.1, f.epochCpuS(), 1e-12);
        assertEquals(1.0, f.fixedS(), 1e-12, "median of 1.0, 0.8, 7.0");
        assertEquals(0.3, f.fixedCpuS(), 1e-12, "median of 0.3, 0.2, 0.4");
        assertEquals(0.98, f.valAccuracy(), 1e-12);
        assertEquals(3, f.repeats());
    }

    @Test
    void aRealDl4jTrialIsTimedAndTheTableSaysWhatIsMissing() throws Exception {
        TrialBench.Workload w = digits();
        TrialBench.Timed t = TrialBench.dl4jTrial(w, 1, 3, tmp.resolve("art"), 1);
        assertTrue(t.seconds() > 0 && t.cpuSeconds() > 0);
        assertTrue(t.valAccuracy() > 0.5, "one epoch learns the digits: " + t.valAccuracy());
        assertTrue(Files.exists(tmp.resolve("art").resolve("model.zip")));
        TorchPeer nowhere = new TorchPeer(tmp.resolve("no-python").toString(), Path.of("bench/torch_trial.py"));
        String missing = nowhere.missing().orElseThrow();
        assertTrue(missing.startsWith("cannot run "), missing);
        TorchPeer noScript = new TorchPeer("python3", tmp.resolve("absent.py"));
        assertTrue(noScript.missing().orElseThrow().contains("absent.py"));
        TrialBench.Figures f = TrialBench.figures(w, List.of(t), List.of(new TrialBench.Timed(t.seconds() + 28, t.cpuSeconds() + 2.8, 0.9)));
        String table = TrialBench.markdown(List.of(new TrialBench.Row(w, 1, f, null, 0.5, missing)));
        assertTrue(table.contains("| digits MLP 64-128-128-10, batch 32 | 1 | 1.0000 | – | – | 0.1000 / – |"), table);
        assertTrue(table.contains("digits-mlp: " + missing), table);
    }
}
