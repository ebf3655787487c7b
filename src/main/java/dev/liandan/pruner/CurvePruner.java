package dev.liandan.pruner;

import dev.liandan.core.Direction;
import dev.liandan.core.Observation;
import dev.liandan.core.TrialState;

import java.util.List;

/**
 * Learning-curve extrapolation for stopping (after Domhan, Springenberg and Hutter, "Speeding up
 * Automatic Hyperparameter Optimization of Deep Neural Networks by Extrapolation of Learning
 * Curves", IJCAI 2015): from epoch {@code min_epochs} on, the trial's curve so far is fitted with
 * the saturating power law y(t) = a - b t^(-c), one of the paper's curve families (its
 * "pow3"), by least squares (a and b in closed form for each c of a grid), and extrapolated to the
 * trial's last epoch. The trial stops when even an optimistic forecast, the extrapolation plus
 * twice the fit's residual spread, cannot reach the best value any other trial
 * has reached: a curve that has flattened far below the incumbent is not worth its remaining epochs,
 * while a steep or noisy one is left alone. Where the paper weighs an ensemble of eleven families
 * by MCMC, one family and a fixed optimism keep the decision cheap and deterministic.
 *
 * <p>Nothing is stopped before {@code startup_trials} other trials have finished (their values set
 * the incumbent) or when the trial's last epoch is unknown. Options: {@code min_epochs} (default
 * 3, at least 2) and {@code startup_trials} (default 1: the rule compares with the best trial, not
 * with a population, so one finished trial is enough; on LCBench's development tasks 5 cost
 * 0.06 of regret at 10 full trainings and gained nothing at 100, bench/RESULTS.md).
 */
public final class CurvePruner implements Pruner {
    /** Exponents c tried for the power law, 0.05 ... 3. */
    private static final double[] EXPONENTS = exponents();

    private final int minEpochs;
    private final int startupTrials;

    public CurvePruner() {
        this(3, 1);
    }

    CurvePruner(int minEpochs, int startupTrials) {
        this.minEpochs = minEpochs;
        this.startupTrials = startupTrials;
    }

    private static double[] exponents() {
        double[] c = new double[60];
        for (int i = 0; i < c.length; i++) {
            c[i] = 0.05 * (i + 1);
        }
        return c;
    }

    @Override
    public String name() {
        return "curve";
    }

    @Override
    public Pruner configure(PrunerOptions o) {
        return new CurvePruner(o.integer("min_epochs", 3, 2), o.integer("startup_trials", 1, 0));
    }

    @Override
    public boolean prune(PruneRequest r) {
        int epoch = r.epoch();
        if (epoch < minEpochs || r.maxEpochs() <= 0 || epoch >= r.maxEpochs()) {
            return false;
        }
        Double incumbent = null;
        int finished = 0;
        for (Observation o : r.others()) {
            if (o.state() == TrialState.COMPLETE || o.state() == TrialState.PRUNED) {
                finished++;
            }
            if (o.state() == TrialState.FAILED) {
                continue;
            }
            Double best = Intermediates.best(o.intermediates(), o.intermediates().size(), r.direction());
            if (best != null && (incumbent == null || r.direction().better(best, incumbent))) {
                incumbent = best;
            }
        }
        if (finished < startupTrials || incumbent == null) {
            return false;
        }
        double[] forecast = forecast(r.trial().intermediates(), epoch, r.maxEpochs(), r.direction());
        if (forecast == null) {
            return false;
        }
        double optimistic = r.direction() == Direction.MAXIMIZE
                ? forecast[0] + 2 * forecast[1]
                : forecast[0] - 2 * forecast[1];
        return r.direction().better(incumbent, optimistic);
    }

    /**
     * The power law's value at {@code last} fitted to epochs 1..{@code epoch}, and the residuals'
     * standard deviation; the forecast is never below the best value seen (training can keep its best
     * epoch). Null when fewer than 3 finite values.
     */
    static double[] forecast(List<Double> values, int epoch, int last, Direction direction) {
        int n = 0;
        double[] t = new double[epoch];
        double[] y = new double[epoch];
        for (int e = 1; e <= Math.min(epoch, values.size()); e++) {
            Double v = Intermediates.at(values, e);
            if (v != null) {
                t[n] = e;
                y[n] = v;
                n++;
            }
        }
        if (n < 3) {
            return null;
        }
        double bestSse = Double.POSITIVE_INFINITY;
        double bestAt = Double.NaN;
        for (double c : EXPONENTS) {
            // y = a + b' x with x = t^-c (b' = -b): ordinary least squares in one variable
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (int i = 0; i < n; i++) {
                double x = Math.pow(t[i], -c);
                sx += x;
                sy += y[i];
                sxx += x * x;
                sxy += x * y[i];
            }
            double den = n * sxx - sx * sx;
            if (Math.abs(den) < 1e-15) {
                continue;
            }
            double slope = (n * sxy - sx * sy) / den;
            double intercept = (sy - slope * sx) / n;
            double sse = 0;
            for (int i = 0; i < n; i++) {
                double d = y[i] - (intercept + slope * Math.pow(t[i], -c));
                sse += d * d;
            }
            if (sse < bestSse) {
                bestSse = sse;
                bestAt = intercept + slope * Math.pow(last, -c);
            }
        }
        if (Double.isNaN(bestAt)) {
            return null;
        }
        Double seen = Intermediates.best(values, epoch, direction);
        if (seen != null && direction.better(seen, bestAt)) {
            bestAt = seen;
        }
        return new double[]{bestAt, Math.sqrt(bestSse / Math.max(1, n - 2))};
    }

    @Override
    public String toString() {
        return "curve(min_epochs=" + minEpochs + ", startup_trials=" + startupTrials + ")";
    }
}
