package dev.liandan.sampler;

import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;
import dev.liandan.space.SearchableParam;
import dev.liandan.space.Space;

import java.util.Map;
import java.util.Optional;

/**
 * Chooses, for each ask, the sampler that suits the study as it stands, after OptunaHub's
 * AutoSampler (Optuna team, {@code hub.optuna.org/samplers/auto_sampler}): Bayesian optimisation
 * with a Gaussian process while the study is small enough for it, TPE where a GP does not fit the
 * space or would cost too much, NSGA-II for several objectives. The rules, in order:
 *
 * <ol>
 * <li>Several objectives: {@code nsga2}.</li>
 * <li>A conditional parameter in the space: {@code tpe}. TPE models each parameter over the
 *     trials in which it was active; the GP models only the parameters that are always active and
 *     would draw the others at random.</li>
 * <li>A PRUNED trial in the history (a pruner is at work): {@code tpe}. The GP leaves pruned
 *     trials out, so under a pruner it would learn from the few trials that ran to the end; TPE
 *     ranks pruned trials by how far they got (Optuna's rule).</li>
 * <li>{@code gp_trials} (150) or more COMPLETE trials: {@code tpe}. A GP ask refits the model,
 *     cubic in the trials it sees: at 150 random trials of a 5- or 6-dimensional function one ask
 *     costs about 55–90 ms of CPU, at 200 trials 110–220 ms, at 300 trials 0.3–0.6 s
 *     ({@code bench ask}); a TPE ask stays under a millisecond. TPE then learns from every trial, the GP's included.</li>
 * <li>Otherwise: {@code gp}, which starts with its own 10 random trials.</li>
 * </ol>
 *
 * Each rule reads only the space, the objectives and the history, so the choice is the same on
 * every worker, and the delegates are seeded by the study's seed and the ask's index as when they
 * are named directly: the same seed gives the same trials. The delegates run with their defaults.
 */
public final class AutoSampler implements Sampler {

    /** Complete trials from which TPE takes over from the GP, by default. */
    static final int GP_TRIALS = 150;

    private final int gpTrials;
    private final Sampler gp = new GpSampler();
    private final Sampler tpe = new TpeSampler();
    private final Sampler nsga2 = new Nsga2Sampler();

    public AutoSampler() {
        this(GP_TRIALS);
    }

    private AutoSampler(int gpTrials) {
        this.gpTrials = gpTrials;
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public boolean severalObjectives() {
        return true;
    }

    @Override
    public Sampler configure(Map<String, Object> options) {
        OptionReader r = new OptionReader(name(), options);
        int trials = r.integer("gp_trials", GP_TRIALS, 0, 1_000_000);
        r.done();
        return trials == gpTrials ? this : new AutoSampler(trials);
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        return delegate(request).sample(request);
    }

    /** The sampler the rules choose for this ask. */
    Sampler delegate(SampleRequest request) {
        if (request.directions().size() > 1) {
            return nsga2;
        }
        if (conditional(request.space())) {
            return tpe;
        }
        int complete = 0;
        for (Observation o : request.history()) {
            if (o.state() == TrialState.PRUNED) {
                return tpe;
            }
            complete += o.state() == TrialState.COMPLETE ? 1 : 0;
        }
        return complete >= gpTrials ? tpe : gp;
    }

    private static boolean conditional(Space space) {
        for (SearchableParam p : space.searchable()) {
            if (p.condition().isPresent()) {
                return true;
            }
        }
        return false;
    }
}
