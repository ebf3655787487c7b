package dev.liandan.report;

import dev.liandan.core.Seeds;
import dev.liandan.core.TrialState;
import dev.liandan.core.Direction;
import dev.liandan.study.NewTrial;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Studies written into a real storage with known values, for the report's tests. */
final class ReportFixtures {
    private ReportFixtures() {
    }

    /** A clock the test moves by hand, so durations are known. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-05T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final long SEARCH_SEED = 5;

    /** A space file whose data path is the shipped iris set, so the report can re-read the space. */
    static String spaceText(String name) {
        return "study: " + name + "\n"
                + "data:\n  path: " + Path.of("data/iris.csv").toAbsolutePath() + "\n  label: label\n"
                + "model:\n  units: {int: [16, 256], log: true}\n  activation: {choice: [relu, tanh]}\n"
                + "training:\n  epochs: 5\n  batch_size: {choice: [32, 64, 128]}\n"
                + "  lr: {float: [1.0e-4, 1.0e-1], log: true}\n"
                + "objective:\n  metric: val_accuracy\n"
                + "search:\n  sampler: random\n  trials: 25\n  seed: " + SEARCH_SEED + "\n";
    }

    static StudyRecord record(String name, String spaceText) {
        return new StudyRecord(name, spaceText, "spaces/" + "study.yaml", "val_accuracy", Direction.MAXIMIZE,
                Instant.parse("2026-01-05T09:59:00Z"));
    }

    /**
     * {@code n} trials: the value depends mostly on how far lr is from 1e-3 * batch / 32 (so lr is the
     * most important parameter and the best lr grows with the batch size), a little on units, not on
     * activation. Trial 3 is PRUNED, trial 5 FAILED with {@code failReason}, trial 7 interrupted
     * and re-run as the last trial. Each trial takes 10 s of the clock and 5 epochs.
     */
    static List<Trial> study(StudyStorage storage, ManualClock clock, String name, int n, String failReason,
                             String activationValue) {
        storage.createStudy(record(name, spaceText(name)));
        SplittableRandom random = new SplittableRandom(1);
        int index = 0;
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            double lr = Math.pow(10, -4 + 3 * random.nextDouble());
            long batch = List.of(32L, 64L, 128L).get(random.nextInt(3));
            long units = Math.round(Math.pow(2, 4 + 4 * random.nextDouble()));
            p.put("units", units);
            p.put("activation", i == 1 ? activationValue : random.nextBoolean() ? "relu" : "tanh");
            p.put("epochs", 5L);
            p.put("batch_size", batch);
            p.put("lr", lr);
            long seed = Seeds.mix(SEARCH_SEED, index++) & 0x7fffffffL;
            Trial t = storage.startTrial(name, new NewTrial(p, seed, null, "host:1"));
            double target = Math.log10(1e-3 * batch / 32);
            double value = 0.95 - 0.08 * Math.pow(Math.log10(lr) - target, 2) + 0.01 * Math.log(units) / Math.log(256)
                    + 0.002 * random.nextDouble();
            clock.advance(Duration.ofSeconds(10));
            if (i == 5) {
                storage.finishTrial(name, t.number(), TrialState.FAILED, null, Map.of(), 1, failReason);
                continue;
            }
            int epochs = i == 3 ? 2 : 5;
            for (int e = 1; e <= epochs; e++) {
                storage.reportIntermediate(name, t.number(), e, value - 0.3 / e + 0.3 / 5);
            }
            if (i == 7) {
                storage.finishTrial(name, t.number(), TrialState.FAILED, null, Map.of(), epochs, "interrupted");
                continue;
            }
            double best = value - (epochs == 5 ? 0 : 0.3 / 2 - 0.3 / 5);
            storage.finishTrial(name, t.number(), i == 3 ? TrialState.PRUNED : TrialState.COMPLETE, best,
                    Map.of("val_loss", 1 - best, "best_epoch", (double) epochs), epochs, null);
        }
        Trial interrupted = storage.trial(name, 7).orElseThrow();
        Trial retry = storage.startTrial(name, new NewTrial(interrupted.params(), interrupted.seed(), 7, "host:1"));
        clock.advance(Duration.ofSeconds(10));
        for (int e = 1; e <= 5; e++) {
            storage.reportIntermediate(name, retry.number(), e, 0.5 + e / 100.0);
        }
        storage.finishTrial(name, retry.number(), TrialState.COMPLETE, 0.55, Map.of("val_loss", 0.45), 5, null);
        return storage.trials(name);
    }
}
