package dev.liandan.study;

import dev.liandan.core.Observation;
import dev.liandan.core.Seeds;
import dev.liandan.core.TrialState;
import dev.liandan.pruner.NoPruner;
import dev.liandan.pruner.Pruner;
import dev.liandan.sampler.SampleRequest;
import dev.liandan.sampler.Sampler;
import dev.liandan.space.StudySpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a worker does next, decided from the study's trials alone (read under the study's lock,
 * {@link StudyStorage#decideNext}): stop when the budget is spent; wait when the trials that
 * count plus those RUNNING fill it; else re-run a lost trial (while retries allow), claim the
 * first enqueued one, or sample a new one. Once the time budget has passed, a target is reached or
 * too many trials have failed ({@link StopRules}), nothing new starts.
 * It reads and writes nothing itself: the same trials give the same answer.
 *
 * @param worker the worker that starts or claims the trial
 * @param pruner the study's pruner, which may narrow the trials the sampler learns from
 *               ({@link Pruner#samplerHistory}: Hyperband's bracket)
 */
public record NextTrialPolicy(Sampler sampler, String worker, Pruner pruner) {

    /** A policy whose sampler learns from every trial. */
    public NextTrialPolicy(Sampler sampler, String worker) {
        this(sampler, worker, new NoPruner());
    }

    /** Decides for {@code spec} (its space, seed, retries, time budget) with {@code budget} trials to finish. */
    public Next decide(StudySpec spec, List<Trial> trials, int budget, Instant now) {
        // One pass for the counts: this runs under the study's lock, once per trial.
        int counted = 0;
        int running = 0;
        int fresh = 0;
        boolean anyLost = false;
        Trial waiting = null;
        for (Trial t : trials) {
            boolean lost = LostTrials.isLost(t);
            anyLost |= lost;
            if (t.state().finished() && !lost) {
                counted++;
            } else if (t.state() == TrialState.RUNNING) {
                running++;
            } else if (t.state() == TrialState.WAITING && waiting == null) {
                waiting = t;
            }
            if (t.retryOf() == null) {
                fresh++;
            }
        }
        if (counted >= budget) {
            return Next.stop(StopReason.BUDGET);
        }
        if (StudyBudget.timeIsUp(spec.search().timeBudget(), trials, now)) {
            return Next.stop(StopReason.TIME_BUDGET);
        }
        java.util.Optional<StopReason> early = StopRules.reason(spec, trials);
        if (early.isPresent()) {
            return Next.stop(early.get());
        }
        if (counted + running >= budget) {
            return Next.waitAWhile();
        }
        if (anyLost) {
            Trial retry = lostToRetry(trials, spec.search().retries());
            if (retry != null) {
                return Next.start(new NewTrial(retry.params(), retry.seed(), retry.number(), worker));
            }
        }
        if (waiting != null) {
            return Next.claim(waiting.number(), worker); // enqueued trials run first, in number order
        }
        List<Observation> history = new ArrayList<>(trials.size());
        for (Trial t : trials) {
            Observation o = spec.multiObjective() ? t.observation().withValues(ObjectiveValues.of(spec, t)) : t.observation();
            history.add(spec.constraints().isEmpty() || !t.state().finished() ? o
                    : o.withViolation(Feasibility.violation(spec.constraints(), t)));
        }
        if (!sampler.modelsFidelity()) {
            history = pruner.samplerHistory(history, nextNumber(trials), spec.search().seed(), maxEpochs(trials));
        }
        SampleRequest request = new SampleRequest(spec.space(), history, spec.objective().direction(),
                spec.search().seed(), fresh, ObjectiveValues.directions(spec));
        long seed = trialSeed(spec.search().seed(), fresh);
        return sampler.sample(request).map(params -> Next.start(new NewTrial(params, seed, null, worker)))
                .orElseGet(() -> Next.stop(StopReason.EXHAUSTED));
    }

    /** The number the next new trial gets: numbers are dense from 0. */
    private static int nextNumber(List<Trial> trials) {
        int max = -1;
        for (Trial t : trials) {
            max = Math.max(max, t.number());
        }
        return max + 1;
    }

    /** The {@code epochs} of the latest trial that has one (the trials' common setting), or 0. */
    private static int maxEpochs(List<Trial> trials) {
        for (int i = trials.size() - 1; i >= 0; i--) {
            int e = trials.get(i).params() == null ? 0 : PruneCheck.maxEpochs(trials.get(i).params());
            if (e > 0) {
                return e;
            }
        }
        return 0;
    }

    /**
     * The training seed of the study's {@code index}-th sampled trial (re-runs of lost trials
     * keep the seed of the trial they re-run): a sequential run with the same study seed trains
     * the same models.
     */
    public static long trialSeed(long studySeed, int index) {
        return Seeds.mix(studySeed, index) & 0x7fffffffL;
    }

    /** The first lost trial not yet re-run whose chain of re-runs is shorter than {@code retries}, or null. */
    private static Trial lostToRetry(List<Trial> trials, int retries) {
        Map<Integer, Trial> byNumber = new HashMap<>();
        Set<Integer> retried = new HashSet<>();
        for (Trial t : trials) {
            byNumber.put(t.number(), t);
            if (t.retryOf() != null) {
                retried.add(t.retryOf());
            }
        }
        for (Trial t : trials) {
            if (LostTrials.isLost(t) && !retried.contains(t.number()) && LostTrials.retriesBefore(t, byNumber) < retries) {
                return t;
            }
        }
        return null;
    }
}
