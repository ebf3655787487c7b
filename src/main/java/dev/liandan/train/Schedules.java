package dev.liandan.train;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** The learning-rate schedule of a trial ({@code schedule}, {@code lr} and their companions). */
public final class Schedules {
    private Schedules() {
    }

    /**
     * The peak rate {@code P} is {@link TrialConfig#effectiveLr()}: {@code lr}, or under
     * {@code lr_scaling: linear} {@code lr * batch_size / lr_reference_batch}.
     *
     * <ul>
     *   <li>{@code constant}: {@code P} throughout.</li>
     *   <li>{@code step}: {@code P * step_gamma ^ floor(e / step_epochs)} for 0-based epoch
     *       {@code e}, so epochs 1..step_epochs run at {@code P} (the staircase of He et al. 2016,
     *       "Deep Residual Learning for Image Recognition", section 3.4: divide by 10 at fixed
     *       epochs). DL4J's own {@link StepSchedule} on its epoch counter, which
     *       {@code fit(iterator)} advances.</li>
     *   <li>{@code exponential}: {@code P * exp_gamma ^ e}, per epoch: DL4J's
     *       {@link ExponentialSchedule}.</li>
     *   <li>{@code cosine}: {@link WarmupCosineSchedule} over {@code epochs * iterationsPerEpoch}
     *       iterations with {@code warmup_epochs * iterationsPerEpoch} of linear warm-up, decaying
     *       to 0.</li>
     *   <li>{@code cyclic}: {@link CyclicSchedule} (triangular, Smith 2017) between
     *       {@code min_lr_factor * P} and {@code P}, one full cycle every {@code cycle_epochs}.</li>
     *   <li>{@code onecycle}: {@link OneCycleSchedule} (Smith & Topin 2019) peaking at {@code P}
     *       after {@code onecycle_pct_start} of the run.</li>
     * </ul>
     * Without linear scaling, {@code warmup_epochs} shapes only the cosine schedule (its warm-up
     * starts from 0). With {@code lr_scaling: linear}, every schedule gets Goyal et al.'s gradual
     * warm-up instead ({@link GradualWarmupSchedule}): over {@code warmup_epochs} the rate rises
     * from the base rate {@code lr} to the schedule's value.
     */
    public static ISchedule learningRate(TrialConfig cfg, int iterationsPerEpoch) {
        double peak = cfg.effectiveLr();
        int total = Math.max(1, cfg.training().epochs() * iterationsPerEpoch);
        int warmup = Math.min(total, cfg.schedule().warmupEpochs() * iterationsPerEpoch);
        boolean goyal = "linear".equals(cfg.optimizer().lrScaling());
        ISchedule schedule;
        switch (cfg.schedule().schedule()) {
            case "constant":
                schedule = new FixedSchedule(peak);
                break;
            case "step":
                schedule = new StepSchedule(ScheduleType.EPOCH, peak, cfg.schedule().stepGamma(), cfg.schedule().stepEpochs());
                break;
            case "exponential":
                schedule = new ExponentialSchedule(ScheduleType.EPOCH, peak, cfg.schedule().expGamma());
                break;
            case "cosine":
                // under linear scaling the gradual warm-up below replaces the cosine's own (from 0)
                // during the first W iterations; from W on both decay the same way
                schedule = new WarmupCosineSchedule(peak, 0.0, warmup, total);
                break;
            case "cyclic":
                int half = Math.max(1, cfg.schedule().cycleEpochs() * iterationsPerEpoch / 2);
                schedule = new CyclicSchedule(cfg.schedule().minLrFactor() * peak, peak, half);
                break;
            case "onecycle":
                schedule = OneCycleSchedule.of(peak, cfg.schedule().onecyclePctStart(), total);
                break;
            default:
                throw new IllegalArgumentException("unknown schedule " + cfg.schedule().schedule());
        }
        if (goyal && warmup > 0) {
            schedule = new GradualWarmupSchedule(cfg.optimizer().lr(), warmup, cfg.schedule().warmupEpochs(), schedule);
        }
        return schedule;
    }
}
