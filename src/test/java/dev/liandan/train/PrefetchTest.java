package dev.liandan.train;

import dev.liandan.space.StudySpec;
import dev.liandan.study.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@code training.prefetch}: batches gathered on a second thread change nothing but the timing. */
class PrefetchTest {

    @TempDir
    Path tmp;

    private String predictions(StudySpec spec, Map<String, Object> params, long seed, String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        TrialOutcome out = new Dl4jBackend().run(Fixtures.request(spec, params, seed, dir, null));
        assertEquals(3, out.epochs(), name);
        return Files.readString(dir.resolve(Dl4jBackend.PREDICTIONS_FILE));
    }

    @Test
    void theSameSeedGivesBitIdenticalPredictionsWithAndWithoutPrefetch() throws Exception {
        StudySpec spec = Fixtures.study(Fixtures.digits());
        // dropout: ND4J's generator is drawn from on the training thread while the prefetch thread gathers
        Map<String, Object> sync = Fixtures.params("epochs", 3L, "dropout", 0.2, "units", 32L, "batch_size", 32L);
        Map<String, Object> async = Fixtures.params("epochs", 3L, "dropout", 0.2, "units", 32L, "batch_size", 32L,
                "prefetch", 4L);
        String a = predictions(spec, sync, 21, "sync");
        String b = predictions(spec, async, 21, "async");
        String c = predictions(spec, async, 21, "async-again");
        assertEquals(a, b, "prefetch changed the validation predictions");
        assertEquals(b, c);
        // and the comparison can fail: another seed gives other predictions
        assertNotEquals(a, predictions(spec, async, 22, "other-seed"));
    }

    @Test
    void augmentedCnnBatchesArePrefetchedInTheSameOrder() throws Exception {
        StudySpec spec = Fixtures.study(Fixtures.digits());
        Map<String, Object> p = Fixtures.params("type", "cnn", "conv_layers", 1L, "filters", 4L, "hidden_layers", 0L,
                "image_height", 8L, "image_width", 8L, "epochs", 3L, "batch_size", 64L, "augment_shift", 1L);
        String a = predictions(spec, p, 5, "cnn-sync");
        p.put("prefetch", 2L);
        assertEquals(a, predictions(spec, p, 5, "cnn-async"));
    }
}
