package dev.liandan.sampler;

import dev.liandan.core.Observation;
import dev.liandan.core.Seeds;
import dev.liandan.core.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The model of BOHB (Falkner, Klein and Hutter, "BOHB: Robust and Efficient Hyperparameter
 * Optimization at Scale", ICML 2018, Algorithm 2), to pair with a successive-halving pruner
 * ({@code hyperband} for BOHB proper, {@code asha} for its asynchronous form): a multivariate
 * TPE fitted to the trials' values at the largest epoch that enough trials have reached
 * (at least {@code min_points} + 2, with {@code min_points} = the number of searched parameters
 * + 1 unless set), since the largest budget with data predicts full training best; before any
 * epoch has that many, and for a fraction {@code random_fraction} of proposals always (default
 * 1/3, the paper's rho, which keeps the search from trusting a misleading model), a uniformly random
 * configuration. The good set is the best {@code gamma} (default 0.15, the paper's top 15%) of
 * the values at that epoch; {@code candidates} (default 64, the paper's N_s) are drawn from it.
 *
 * <p>Reads every trial's per-epoch values from the history (RUNNING trials included: what they
 * have reported counts), so like every sampler it is stateless, and any worker proposes the same.
 */
public final class BohbSampler implements Sampler {
    /** Keeps the random-fraction draw independent of the proposal's own draws. */
    private static final long RANDOM_SALT = 0x424F4842L;

    private final double randomFraction;
    private final int minPoints;
    private final TpeSampler model;

    public BohbSampler() {
        this(1.0 / 3, 0, 0.15, 64);
    }

    private BohbSampler(double randomFraction, int minPoints, double gamma, int candidates) {
        this.randomFraction = randomFraction;
        this.minPoints = minPoints;
        this.model = new TpeSampler(new TpeSampler.Config(0, gamma, candidates, true, false, 1.0, true));
    }

    @Override
    public String name() {
        return "bohb";
    }

    /** BOHB fits its model at the largest epoch enough trials reached, over every bracket (Falkner et al. 2018). */
    @Override
    public boolean modelsFidelity() {
        return true;
    }

    @Override
    public Sampler configure(Map<String, Object> options) {
        OptionReader r = new OptionReader(name(), options);
        double fraction = r.number("random_fraction", 1.0 / 3, -1, 1);
        if (fraction < 0) {
            throw new OptionError("random_fraction", "expected a number in [0, 1], got '" + fraction + "'");
        }
        int points = r.integer("min_points", 0, 0, 1_000_000);
        double gamma = r.number("gamma", 0.15, 0, 1);
        int candidates = r.integer("candidates", 64, 1, 10_000);
        r.done();
        return new BohbSampler(fraction, points, gamma, candidates);
    }

    @Override
    public Optional<Map<String, Object>> sample(SampleRequest request) {
        SplittableRandom coin = new SplittableRandom(Seeds.mix(Seeds.mix(request.seed(), RANDOM_SALT), request.index()));
        boolean random = coin.nextDouble() < randomFraction;
        List<Observation> atBudget = random ? List.of() : valuesAtLargestBudget(request);
        if (atBudget.isEmpty()) {
            SplittableRandom rng = new SplittableRandom(Seeds.mix(request.seed(), request.index()));
            return Optional.of(request.space().assign(p -> p.fromUnit(rng.nextDouble())));
        }
        return model.sample(new SampleRequest(request.space(), atBudget, request.direction(), request.seed(),
                request.index()));
    }

    /**
     * The trials that reached the largest epoch with enough of them, each as a finished trial whose
     * value is its value at that epoch; empty when no epoch has enough.
     */
    List<Observation> valuesAtLargestBudget(SampleRequest request) {
        int needed = (minPoints > 0 ? minPoints : request.space().searchable().size() + 1) + 2;
        int longest = 0;
        for (Observation o : request.history()) {
            longest = Math.max(longest, o.intermediates().size());
        }
        int[] reached = new int[longest + 1];
        for (Observation o : request.history()) {
            if (o.state() == TrialState.FAILED) {
                continue;
            }
            for (int e = 1; e <= o.intermediates().size(); e++) {
                if (finite(o.intermediates().get(e - 1))) {
                    reached[e]++;
                }
            }
        }
        for (int e = longest; e >= 1; e--) {
            if (reached[e] >= needed) {
                List<Observation> out = new ArrayList<>(reached[e]);
                for (Observation o : request.history()) {
                    if (o.state() != TrialState.FAILED && o.intermediates().size() >= e
                            && finite(o.intermediates().get(e - 1))) {
                        out.add(new Observation(o.number(), o.params(), TrialState.COMPLETE, o.intermediates().get(e - 1),
                                o.intermediates().subList(0, e)));
                    }
                }
                return out;
            }
        }
        return List.of();
    }

    private static boolean finite(Double v) {
        return v != null && Double.isFinite(v);
    }

    @Override
    public String toString() {
        return "bohb(random_fraction=" + randomFraction + ", min_points=" + (minPoints > 0 ? minPoints : "parameters + 1")
                + ")";
    }
}
