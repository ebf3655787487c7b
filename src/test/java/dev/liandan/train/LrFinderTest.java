package dev.liandan.train;

import dev.liandan.space.FloatParam;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LrFinderTest {

    @TempDir
    Path tmp;

    @Test
    void onDigitsTheSuggestionLiesWhereTheSmoothedLossFallsFastestAndApplyReparses() throws Exception {
        Path space = tmp.resolve("find.yaml");
        String text = Files.readString(Path.of("search-spaces/digits-lr-find.yaml"))
                .replace("../data/digits.csv.gz", Path.of("data/digits.csv.gz").toAbsolutePath().toString());
        Files.writeString(space, text);
        StudySpec spec = SpaceFileParser.parse(space);
        LrFinder.Result r = LrFinder.run(spec, new LrFinder.Options(1e-7, 10, 200, 4, 1));

        assertTrue(r.steps() > 50 && r.steps() <= 200, "steps " + r.steps());
        assertEquals(r.lr().size(), r.smoothed().size());
        double gamma = Math.pow(1e8, 1.0 / 199);
        assertEquals(1e-7 * Math.pow(gamma, 20), r.lr().get(20), 1e-18);
        // bias-corrected EMA of the raw losses
        double avg = 0;
        for (int t = 0; t < 30; t++) {
            avg = LrFinder.BETA * avg + (1 - LrFinder.BETA) * r.loss().get(t);
            assertEquals(avg / (1 - Math.pow(LrFinder.BETA, t + 1)), r.smoothed().get(t), 1e-9);
        }
        // at 1e-7 nothing is learnt yet; at the suggestion the loss has fallen well below the start
        assertTrue(r.suggestedLr() > 1e-5 && r.suggestedLr() < 1, "suggested " + r.suggestedLr());

        // Independently: the window of one decade of log10(lr) over which the smoothed loss drops most.
        List<Double> lr = r.lr();
        List<Double> s = r.smoothed();
        double bestDrop = Double.NEGATIVE_INFINITY;
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < s.size(); i++) {
            for (int j = i + 1; j < s.size() && Double.isFinite(s.get(j)); j++) {
                if (Math.log10(lr.get(j)) - Math.log10(lr.get(i)) > 1.0) {
                    break;
                }
                if (j == s.size() - 1 || Math.log10(lr.get(j + 1)) - Math.log10(lr.get(i)) > 1.0) {
                    double drop = s.get(i) - s.get(j);
                    if (drop > bestDrop) {
                        bestDrop = drop;
                        lo = lr.get(i);
                        hi = lr.get(j);
                    }
                }
            }
        }
        assertTrue(r.suggestedLr() >= lo && r.suggestedLr() <= hi,
                "suggested " + r.suggestedLr() + " outside the fastest-falling decade [" + lo + ", " + hi + "]");
        assertEquals(r.suggestedLr() / 10, r.rangeLow(), 1e-18);
        assertTrue(r.rangeHigh() > r.suggestedLr() && r.rangeHigh() <= 3 * r.suggestedLr() * (1 + 1e-12));

        Path dir = tmp.resolve("out");
        LrFinder.write(r, dir);
        List<String> csv = Files.readAllLines(dir.resolve("lr-find.csv"));
        assertEquals("lr,loss,smoothed_loss", csv.get(0));
        assertEquals(r.steps() + 1, csv.size());
        assertTrue(Files.readString(dir.resolve("suggestion.json")).contains("\"suggested_lr\""));

        Path applied = LrFinder.applyTo(spec, r);
        assertEquals(tmp.resolve("find.lr-find.yaml"), applied);
        StudySpec back = SpaceFileParser.parse(applied);
        FloatParam lrParam = assertInstanceOf(FloatParam.class, back.space().get("lr").orElseThrow());
        assertTrue(lrParam.log());
        assertEquals(r.rangeLow(), lrParam.low(), r.rangeLow() * 0.01);
        assertEquals(r.rangeHigh(), lrParam.high(), r.rangeHigh() * 0.01);
        String out = Files.readString(applied);
        // every other line kept, comments included
        assertEquals(text.lines().count(), out.lines().count());
        assertTrue(out.contains("schedule: onecycle"));
        assertTrue(out.contains("# LR range test on the UCI digits"));
    }
}
