package dev.liandan.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.liandan.space.Param;
import dev.liandan.space.SettingRewriter;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.space.Values;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural
 * Networks", section 3.3; the form popularised by fastai's {@code lr_find}): one short run in
 * which the rate grows exponentially, per iteration, from {@code startLr} to {@code endLr}; the
 * training loss of every minibatch is recorded and smoothed, and the run stops once the smoothed
 * loss exceeds {@code divergence} times its best value (or turns NaN).
 *
 * <ul>
 *   <li>Smoothing: an exponential moving average with bias correction (as in Adam, Kingma & Ba
 *       2015, section 3): {@code avg = b * avg + (1 - b) * loss}, {@code smoothed = avg / (1 - b^(t+1))},
 *       {@code b = 0.98}.</li>
 *   <li>Suggested rate: where the smoothed loss falls fastest against {@code log10(lr)} (the most
 *       negative central difference), ignoring the first {@value #SKIP_START} and last
 *       {@value #SKIP_END} steps, whose slopes are start-up noise and divergence.</li>
 *   <li>Suggested search range: {@code [suggested / 10, suggested * 3]}, its upper end cut to the
 *       rate at the lowest smoothed loss (beyond that the loss only rises) when that is smaller:
 *       a log-uniform search over about 1.5 decades centred below the steepest point, the usual
 *       rule of thumb (the best fixed rate is commonly a few times below the divergence point).</li>
 * </ul>
 *
 * The network is the study's model with every searched parameter at the middle of its range
 * ({@code fromUnit(0.5)}: the geometric middle of a log range, the middle choice of a list);
 * lr and schedule are replaced by the ramp. Under {@code lr_scaling: linear} the ramp is the
 * effective rate, and {@link #applyTo} converts the range back to base rates.
 */
public final class LrFinder {

    public static final double BETA = 0.98;
    static final int SKIP_START = 10;
    static final int SKIP_END = 5;

    /** How a range test runs. */
    public record Options(double startLr, double endLr, int steps, double divergence, long seed) {
        public Options {
            if (!(startLr > 0) || !(endLr > startLr) || steps < SKIP_START + SKIP_END + 3 || !(divergence > 1)) {
                throw new UserError("lr-find: expected 0 < start < end, at least " + (SKIP_START + SKIP_END + 3)
                        + " steps and a divergence factor > 1");
            }
        }

        public static Options defaults() {
            return new Options(1e-7, 10, 300, 4, 0);
        }
    }

    /**
     * One range test.
     *
     * @param lr            the rate of each step
     * @param loss          the minibatch loss after each step
     * @param smoothed      the bias-corrected moving average of the loss
     * @param suggestedLr   the steepest descent of the smoothed loss
     * @param rangeLow      suggested search range, low end (effective rate)
     * @param rangeHigh     suggested search range, high end (effective rate)
     * @param stoppedReason why the run ended: "diverged", "nan" or "steps"
     * @param baseFactor    effective / base rate (batch_size / lr_reference_batch under linear scaling, else 1)
     */
    public record Result(List<Double> lr, List<Double> loss, List<Double> smoothed, double suggestedLr,
                         double rangeLow, double rangeHigh, String stoppedReason, double baseFactor) {
        public int steps() {
            return lr.size();
        }
    }

    private LrFinder() {
    }

    /** The configuration the test trains: every searched parameter at the middle of its range. */
    public static Map<String, Object> centreParams(StudySpec spec) {
        return spec.space().assign(p -> p.fromUnit(0.5));
    }

    public static Result run(StudySpec spec, Options options) {
        Map<String, Object> params = new LinkedHashMap<>(TrialConfig.defaults());
        params.putAll(centreParams(spec));
        TrialConfig cfg = TrialConfig.from(params);
        Dataset data = Datasets.load(spec.data());
        ShuffledBatches batches = new ShuffledBatches(data.train(), cfg.training().batchSize(), options.seed());
        double gamma = Math.pow(options.endLr() / options.startLr(), 1.0 / (options.steps() - 1));
        Nd4j.getRandom().setSeed(options.seed());
        MultiLayerNetwork net = Models.build(cfg, data, options.seed(),
                new ExponentialSchedule(ScheduleType.ITERATION, options.startLr(), gamma),
                Dl4jBackend.baseDir(spec.source()));
        Nd4j.getRandom().setSeed(options.seed());
        List<Double> lrs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<Double> smoothed = new ArrayList<>();
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        String reason = "steps";
        try {
            for (int t = 0; t < options.steps(); t++) {
                if (!batches.hasNext()) {
                    batches.reset();
                }
                DataSet batch = batches.next();
                double lr = options.startLr() * Math.pow(gamma, t);
                net.fit(batch);
                // one host read per step: the curve is the point of this run
                double loss = net.score();
                lrs.add(lr);
                losses.add(loss);
                if (!Double.isFinite(loss)) {
                    smoothed.add(Double.NaN);
                    reason = "nan";
                    break;
                }
                avg = BETA * avg + (1 - BETA) * loss;
                double s = avg / (1 - Math.pow(BETA, t + 1));
                smoothed.add(s);
                best = Math.min(best, s);
                if (t > SKIP_START && s > options.divergence() * best) {
                    reason = "diverged";
                    break;
                }
            }
        } finally {
            net.close();
        }
        return suggest(lrs, losses, smoothed, reason, cfg.effectiveLr() / cfg.optimizer().lr());
    }

    /** The suggestion from a recorded curve (see the class comment). */
    static Result suggest(List<Double> lrs, List<Double> losses, List<Double> smoothed, String reason, double baseFactor) {
        int n = 0;
        while (n < smoothed.size() && Double.isFinite(smoothed.get(n))) {
            n++;
        }
        int from = Math.max(1, SKIP_START);
        int to = n - 1 - SKIP_END;
        if (to <= from) {
            throw new UserError("lr-find: the loss diverged after " + n + " steps, too early to suggest a rate;"
                    + " lower the start rate (--start-lr) or check the data");
        }
        int steepest = -1;
        double slope = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double d = (smoothed.get(i + 1) - smoothed.get(i - 1))
                    / (Math.log10(lrs.get(i + 1)) - Math.log10(lrs.get(i - 1)));
            if (d < slope) {
                slope = d;
                steepest = i;
            }
        }
        int lowest = 0;
        for (int i = 1; i < n; i++) {
            if (smoothed.get(i) < smoothed.get(lowest)) {
                lowest = i;
            }
        }
        double suggested = lrs.get(steepest);
        double high = suggested * 3;
        if (lrs.get(lowest) > suggested && lrs.get(lowest) < high) {
            high = lrs.get(lowest);
        }
        return new Result(List.copyOf(lrs), List.copyOf(losses), List.copyOf(smoothed), suggested, suggested / 10, high,
                reason, baseFactor);
    }

    /** Writes {@code lr-find.csv} ({@code lr,loss,smoothed_loss}) and {@code suggestion.json} into {@code dir}. */
    public static void write(Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("lr-find.csv"), StandardCharsets.UTF_8)) {
            w.write("lr,loss,smoothed_loss\n");
            for (int i = 0; i < r.steps(); i++) {
                w.write(r.lr().get(i) + "," + r.loss().get(i) + "," + r.smoothed().get(i) + "\n");
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suggested_lr", r.suggestedLr());
        json.put("range", List.of(r.rangeLow(), r.rangeHigh()));
        if (r.baseFactor() != 1.0) {
            // linear scaling: what to write for lr (a base rate)
            json.put("base_lr_range", List.of(r.rangeLow() / r.baseFactor(), r.rangeHigh() / r.baseFactor()));
        }
        json.put("steps", r.steps());
        json.put("stopped", r.stoppedReason());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("suggestion.json").toFile(), json);
    }

    /**
     * Refuses {@code --apply} before the test runs when its result could not be written back:
     * a {@code training.lr} that is a formula has no range of its own to replace.
     */
    public static void checkApplicable(StudySpec spec) {
        Param lr = spec.space().get("lr").orElseThrow();
        if (lr instanceof dev.liandan.space.DerivedParam) {
            throw new UserError(spec.source() + ": training.lr is a formula, so --apply has no range to replace;"
                    + " run without --apply and put the suggested range on the parameters the formula reads");
        }
    }

    /** Why the run ended, in words: "the full ramp", "stopped: the smoothed loss diverged", ... */
    public static String stoppedInWords(String reason) {
        return switch (reason) {
            case "steps" -> "the full ramp";
            case "diverged" -> "stopped early: the smoothed loss diverged";
            case "nan" -> "stopped early: the loss became NaN";
            default -> reason;
        };
    }

    /**
     * Writes {@code FILE.lr-find.yaml} beside the space file: its text with {@code training.lr}
     * replaced by the suggested range, {@code {float: [lo, hi], log: true}} (base rates under
     * linear scaling), every other line kept. The copy is parsed before it is returned.
     */
    public static Path applyTo(StudySpec spec, Result r) throws IOException {
        checkApplicable(spec);
        double lo = r.rangeLow() / r.baseFactor();
        double hi = r.rangeHigh() / r.baseFactor();
        String value = "{float: [" + Values.format(round(lo)) + ", " + Values.format(round(hi)) + "], log: true}";
        String text = SettingRewriter.replace(spec.sourceText(), spec.source().toString(), "training", "lr", value);
        String name = spec.source().getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path out = spec.source().resolveSibling(name + ".lr-find.yaml");
        // a copy the parser would refuse is a bug here, not the user's mistake: fail before writing
        SpaceFileParser.parse(text, out);
        Files.writeString(out, text, StandardCharsets.UTF_8);
        return out;
    }

    /** Three significant digits: a search range needs no more. */
    private static double round(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", v));
    }
}
