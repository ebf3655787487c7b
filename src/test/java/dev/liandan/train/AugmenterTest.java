package dev.liandan.train;

import dev.liandan.study.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmenterTest {

    @TempDir
    Path tmp;

    private static float[] image() {
        float[] x = new float[2 * 3 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    @Test
    void shiftsAndFlipsAreTranslationsAndMirrorsOfThePixelsAndSeeded() {
        // 2 channels of 3 x 4; every outcome is a shifted (zero-filled) and maybe mirrored copy
        for (int seed = 0; seed < 20; seed++) {
            float[] a = image();
            new Augmenter(3, 4, 2, 1, true, seed).apply(a, 0);
            float[] b = image();
            new Augmenter(3, 4, 2, 1, true, seed).apply(b, 0);
            assertArrayEquals(a, b, "seeded");
            boolean found = false;
            for (int dy = -1; dy <= 1 && !found; dy++) {
                for (int dx = -1; dx <= 1 && !found; dx++) {
                    for (boolean m : new boolean[]{false, true}) {
                        if (Arrays.equals(a, expected(dy, dx, m))) {
                            found = true;
                        }
                    }
                }
            }
            assertTrue(found, "seed " + seed + ": " + Arrays.toString(a));
        }
    }

    private static float[] expected(int dy, int dx, boolean mirror) {
        float[] src = image();
        float[] out = new float[src.length];
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < 3; r++) {
                for (int col = 0; col < 4; col++) {
                    int sr = r - dy;
                    int sc = col - dx;
                    if (mirror) {
                        sc = 3 - sc;
                    }
                    out[c * 12 + r * 4 + col] = sr >= 0 && sr < 3 && sc >= 0 && sc < 4 ? src[c * 12 + sr * 4 + sc] : 0;
                }
            }
        }
        return out;
    }

    @Test
    void anAugmentedCnnTrialRunsAndIsReproducible() throws Exception {
        Object[] p = {"type", "cnn", "conv_layers", 1L, "filters", 4L, "hidden_layers", 0L, "epochs", 1L,
                "augment_shift", 1L, "lr", 0.01};
        TrialOutcome a = new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.digits()), Fixtures.params(p),
                3, tmp.resolve("a"), null));
        TrialOutcome b = new Dl4jBackend().run(Fixtures.request(Fixtures.study(Fixtures.digits()), Fixtures.params(p),
                3, tmp.resolve("b"), null));
        assertEquals(a.metrics(), b.metrics());
        assertTrue(a.value() > 0.3, "val_accuracy " + a.value());
    }
}
