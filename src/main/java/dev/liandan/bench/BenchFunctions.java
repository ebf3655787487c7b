package dev.liandan.bench;

import dev.liandan.space.CategoricalParam;
import dev.liandan.space.FloatParam;
import dev.liandan.space.Param;
import dev.liandan.space.Space;
import dev.liandan.core.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions of {@code liandan bench search}, each with its usual domain as a {@link Space}:
 * Branin, Hartmann-6, Rosenbrock-4 (Surjanovic and Bingham's Virtual Library of Simulation
 * Experiments gives the formulas and minima) and the mixed HPO-like surface of issue 4.
 */
public final class BenchFunctions {
    private BenchFunctions() {
    }

    public static List<BenchFunction> all() {
        return List.of(branin(), hartmann6(), rosenbrock4(), mixed());
    }

    public static BenchFunction byName(String name) {
        for (BenchFunction f : all()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new UserError("unknown bench function '" + name + "': expected one of "
                + String.join(", ", all().stream().map(BenchFunction::name).toList()));
    }

    private static FloatParam uniform(String name, double low, double high) {
        return new FloatParam(name, low, high, false, null, Optional.empty(), null);
    }

    private static double x(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    /** Branin on x1 in [-5, 10], x2 in [0, 15]; minimum 0.397887 at (-pi, 12.275), (pi, 2.275), (9.42478, 2.475). */
    public static BenchFunction branin() {
        Space space = new Space(List.of(uniform("x1", -5, 10), uniform("x2", 0, 15)));
        return new BenchFunction("branin", space, p -> branin(x(p, "x1"), x(p, "x2")), 0.397887,
                Map.of("random", 0.596, "tpe", 0.414, "cmaes", 0.411));
    }

    public static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double r = x2 - b * x1 * x1 + c * x1 - 6;
        return r * r + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {
            {10, 3, 17, 3.5, 1.7, 8},
            {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8},
            {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] H_P = {
            {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
            {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
            {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
            {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

    /** Hartmann-6 on [0, 1]^6; minimum -3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). */
    public static BenchFunction hartmann6() {
        List<Param> params = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            params.add(uniform("x" + i, 0, 1));
        }
        return new BenchFunction("hartmann6", new Space(params), p -> {
            double[] x = new double[6];
            for (int i = 0; i < 6; i++) {
                x[i] = x(p, "x" + (i + 1));
            }
            return hartmann6(x);
        }, -3.32237, Map.of("random", -2.037, "tpe", -3.046, "tpe-mv", -3.142));
    }

    public static double hartmann6(double[] x) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                inner += H_A[i][j] * (x[j] - H_P[i][j]) * (x[j] - H_P[i][j]);
            }
            sum += H_ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }

    /** Rosenbrock in 4 dimensions on [-2, 2]^4; minimum 0 at (1, 1, 1, 1). */
    public static BenchFunction rosenbrock4() {
        List<Param> params = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            params.add(uniform("x" + i, -2, 2));
        }
        return new BenchFunction("rosenbrock4", new Space(params), p -> {
            double[] x = new double[4];
            for (int i = 0; i < 4; i++) {
                x[i] = x(p, "x" + (i + 1));
            }
            return rosenbrock(x);
        }, 0.0, Map.of("random", 28.2, "sobol", 3.00, "tpe", 3.98, "cmaes", 3.13));
    }

    public static double rosenbrock(double[] x) {
        double sum = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            sum += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
        }
        return sum;
    }

    /**
     * The mixed HPO-like surface of issue 4: lr log-uniform [1e-5, 1], batch in {32..512},
     * optimizer in {adam, sgd, rmsprop}, dropout [0, 0.8], weight decay log [1e-6, 1e-2];
     * f = (log10 lr - log10 lr*)^2 + 2 (dropout - 0.3)^2 + 0.3 (log10 wd + 4)^2 / 4 + c(opt)
     * + 0.02 |log2(batch / 128)|, lr* = (1e-3 for adam, else 5e-2) * batch / 128,
     * c = 0, 0.05, 0.2 for adam, sgd, rmsprop. Minimum 0 (adam, batch 128, lr 1e-3, dropout 0.3, wd 1e-4).
     */
    public static BenchFunction mixed() {
        Space space = new Space(List.of(
                new FloatParam("lr", 1e-5, 1, true, null, Optional.empty(), null),
                new CategoricalParam("batch", List.of(32L, 64L, 128L, 256L, 512L), Optional.empty(), null),
                new CategoricalParam("optimizer", List.of("adam", "sgd", "rmsprop"), Optional.empty(), null),
                uniform("dropout", 0, 0.8),
                new FloatParam("weight_decay", 1e-6, 1e-2, true, null, Optional.empty(), null)));
        return new BenchFunction("mixed", space, p -> mixed(x(p, "lr"), (long) x(p, "batch"),
                (String) p.get("optimizer"), x(p, "dropout"), x(p, "weight_decay")), 0.0,
                Map.of("random", 0.0674, "tpe", 0.0496, "tpe-mv", 0.0447));
    }

    public static double mixed(double lr, long batch, String optimizer, double dropout, double weightDecay) {
        boolean adam = optimizer.equals("adam");
        double lrStar = (adam ? 1e-3 : 5e-2) * batch / 128.0;
        double c = adam ? 0 : optimizer.equals("sgd") ? 0.05 : 0.2;
        double dl = Math.log10(lr) - Math.log10(lrStar);
        double dw = Math.log10(weightDecay) + 4;
        return dl * dl + 2 * (dropout - 0.3) * (dropout - 0.3) + 0.3 * dw * dw / 4 + c
                + 0.02 * Math.abs(Math.log(batch / 128.0) / Math.log(2));
    }
}
