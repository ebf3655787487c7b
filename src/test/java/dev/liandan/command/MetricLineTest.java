package dev.liandan.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricLineTest {

    private static MetricLine parse(String s) {
        return MetricLine.parse(s);
    }

    private static void malformed(String line, String problem) {
        MetricLine m = parse(line);
        assertEquals(MetricLine.Kind.MALFORMED, m.kind(), line);
        assertTrue(m.problem().endsWith(problem), () -> "'" + problem + "' in " + m.problem());
    }

    @Test
    void textEpochLine() {
        MetricLine m = parse("liandan: epoch=3 val_accuracy=0.91 val_loss=3e-1");
        assertEquals(MetricLine.Kind.EPOCH, m.kind());
        assertEquals(3, m.epoch());
        assertEquals(Map.of("val_accuracy", 0.91, "val_loss", 0.3), m.values());
    }

    @Test
    void textFinalLineWithSpacesAndOddNames() {
        MetricLine m = parse("  liandan:   final  val/acc=.5   test-loss=-2  ");
        assertEquals(MetricLine.Kind.FINAL, m.kind());
        assertEquals(Map.of("val/acc", 0.5, "test-loss", -2.0), m.values());
        assertEquals(MetricLine.Kind.EPOCH, parse("liandan:epoch=3 a=1").kind(), "no space needed after the colon");
    }

    @Test
    void pythonsNanAndInfAreNonFiniteNumbers() {
        assertTrue(Double.isNaN(parse("liandan: epoch=1 loss=nan").values().get("loss")));
        assertEquals(Double.POSITIVE_INFINITY, parse("liandan: epoch=1 loss=inf").values().get("loss"));
        assertEquals(Double.NEGATIVE_INFINITY, parse("liandan: epoch=1 loss=-Infinity").values().get("loss"));
        assertTrue(Double.isNaN(parse("{\"liandan\": {\"epoch\": 1, \"loss\": NaN}}").values().get("loss")));
    }

    @Test
    void jsonLines() {
        MetricLine e = parse("{\"liandan\": {\"epoch\": 2, \"val_accuracy\": 0.5, \"lr\": 1e-3}}");
        assertEquals(MetricLine.Kind.EPOCH, e.kind());
        assertEquals(2, e.epoch());
        assertEquals(Map.of("val_accuracy", 0.5, "lr", 0.001), e.values());
        MetricLine f = parse("{\"liandan\": {\"final\": true, \"val_accuracy\": 0.75}}");
        assertEquals(MetricLine.Kind.FINAL, f.kind());
        assertEquals(Map.of("val_accuracy", 0.75), f.values());
    }

    @Test
    void ordinaryOutputIsNotAMetricLine() {
        for (String s : new String[]{"", "epoch 3: val_accuracy 0.9", "liandan is running", "{\"a\": 1}",
                "{\"message\": \"liandan\"}", "[\"liandan\"]", "  {not json}", "liandans: epoch=3 a=1"}) {
            assertEquals(MetricLine.Kind.OUTPUT, parse(s).kind(), s);
        }
    }

    @Test
    void malformedMetricLinesSayWhy() {
        malformed("liandan: epoch=abc acc=1", "epoch=abc is not an integer >= 1");
        malformed("liandan: epoch=0 acc=1", "epoch=0 is not an integer >= 1");
        malformed("liandan: epoch=1 acc=0,91", "acc=0,91 is not a number");
        malformed("liandan: epoch=1 acc=0x10", "acc=0x10 is not a number");
        malformed("liandan: acc=1", "expected epoch=<n> or final");
        malformed("liandan: epoch=2", "no metric in it");
        malformed("liandan:", "expected epoch=<n> or final");
        malformed("liandan: final epoch=2 acc=1", "give epoch or final, not both");
        malformed("liandan: epoch=1 accuracy", "'accuracy' is not name=value");
        malformed("liandan: epoch=1 9lives=1", "'9lives' is not a metric name");
        malformed("{\"liandan\": {\"epoch\": 1.5, \"acc\": 1}}", "\"epoch\": 1.5 is not an integer >= 1");
        malformed("{\"liandan\": {\"epoch\": 1, \"acc\": \"high\"}}", "acc=\"high\" is not a number");
        malformed("{\"liandan\": 3}", "\"liandan\" must be an object of metrics");
        malformed("{\"liandan\": {\"epoch\": 1, \"acc\": 1}", "not valid JSON");
    }

    @Test
    void aMalformedLineIsShownShortened() {
        MetricLine m = parse("liandan: epoch=x " + "y".repeat(500));
        assertTrue(m.problem().length() < 200, m.problem());
    }

    /** Seeded random bytes and mutated metric lines: never an exception, always a kind. */
    @Test
    void garbageNeverThrows() {
        Random r = new Random(42);
        String[] seeds = {"liandan: epoch=1 a=1", "{\"liandan\": {\"epoch\": 1, \"a\": 1}}", "liandan: final a=2"};
        for (int i = 0; i < 20_000; i++) {
            String s;
            if (i % 2 == 0) {
                byte[] b = new byte[r.nextInt(80)];
                r.nextBytes(b);
                s = new String(b, StandardCharsets.UTF_8);
            } else {
                StringBuilder sb = new StringBuilder(seeds[r.nextInt(seeds.length)]);
                for (int k = r.nextInt(4); k >= 0; k--) {
                    int at = r.nextInt(sb.length() + 1);
                    if (r.nextBoolean() && at < sb.length()) {
                        sb.deleteCharAt(at);
                    } else {
                        String alphabet = "{}[]\":=,.-e9 \u0000\u00e9final";
                        sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                }
                s = sb.toString();
            }
            MetricLine m = parse(s);
            assertTrue(m.kind() != null && m.values() != null, s);
        }
    }
}
