package dev.liandan.train;

import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** The learning-rate schedule of a trial ({@code schedule}, {@code lr} and their companions). */
public final class Schedules {
    private Schedules() {
    }

    /**
     * <ul>
     *   <li>{@code constant}: {@code lr} throughout.</li>
     *   <li>{@code step}: {@code lr * step_gamma ^ floor(e / step_epochs)} for 0-based epoch
     *       {@code e}, so epochs 1..step_epochs run at {@code lr} (the staircase of He et al. 2016,
     *       "Deep Residual Learning for Image Recognition", section 3.4: divide by 10 at fixed
     *       epochs). DL4J's own {@link StepSchedule} on its epoch counter, which
     *       {@code fit(iterator)} advances.</li>
     *   <li>{@code cosine}: {@link WarmupCosineSchedule} over {@code epochs * iterationsPerEpoch}
     *       iterations with {@code warmup_epochs * iterationsPerEpoch} of linear warm-up, decaying
     *       to 0.</li>
     * </ul>
     * {@code warmup_epochs} shapes only the cosine schedule (the setting is documented so).
     */
    public static ISchedule learningRate(TrialConfig cfg, int iterationsPerEpoch) {
        switch (cfg.schedule()) {
            case "constant":
                return new FixedSchedule(cfg.lr());
            case "step":
                return new StepSchedule(ScheduleType.EPOCH, cfg.lr(), cfg.stepGamma(), cfg.stepEpochs());
            case "cosine":
                int total = Math.max(1, cfg.epochs() * iterationsPerEpoch);
                int warmup = Math.min(total, cfg.warmupEpochs() * iterationsPerEpoch);
                return new WarmupCosineSchedule(cfg.lr(), 0.0, warmup, total);
            default:
                throw new IllegalArgumentException("unknown schedule " + cfg.schedule());
        }
    }
}
