package dev.liandan.bench;

import dev.liandan.core.UserError;
import dev.liandan.space.Constraint;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The problems of {@code liandan bench moo}: ZDT1 and ZDT2 with 30 variables (Zitzler, Deb and
 * Thiele 2000), DTLZ2 with 3 objectives and 12 variables (Deb, Thiele, Laumanns and Zitzler 2002),
 * and BNH, two objectives under two constraints (Binh and Korn 1997). The reference points lie
 * beyond each objective's range on the region a search of a few hundred trials reaches: ZDT's
 * (1.1, 11) (f1 is at most 1, f2 at most 10), DTLZ2's (1.1, 1.1, 1.1) (the front is the unit
 * sphere's octant), BNH's (140, 50) (its front spans [0, 136] x [4, 50]).
 */
public final class MooProblems {
    private MooProblems() {
    }

    public static final List<String> NAMES = List.of("zdt1", "zdt2", "dtlz2", "bnh");

    public static MooProblem byName(String name) {
        return switch (name) {
            case "zdt1" -> zdt(name, 30, false);
            case "zdt2" -> zdt(name, 30, true);
            case "dtlz2" -> dtlz2(3, 12);
            case "bnh" -> bnh();
            default -> throw new UserError("--problems: unknown problem '" + name + "': expected "
                    + String.join(", ", NAMES));
        };
    }

    static MooProblem zdt(String name, int n, boolean concave) {
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(hi, 1);
        return new MooProblem(name, lo, hi, x -> {
            double g = 0;
            for (int i = 1; i < n; i++) {
                g += x[i];
            }
            g = 1 + 9 * g / (n - 1);
            double r = x[0] / g;
            return new double[]{x[0], g * (1 - (concave ? r * r : Math.sqrt(r)))};
        }, x -> Map.of(), List.of(), new double[]{1.1, 11});
    }

    static MooProblem dtlz2(int m, int n) {
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(hi, 1);
        double[] reference = new double[m];
        Arrays.fill(reference, 1.1);
        return new MooProblem("dtlz2", lo, hi, x -> {
            double g = 0;
            for (int i = m - 1; i < n; i++) {
                g += (x[i] - 0.5) * (x[i] - 0.5);
            }
            double[] f = new double[m];
            for (int k = 0; k < m; k++) {
                double v = 1 + g;
                for (int j = 0; j < m - 1 - k; j++) {
                    v *= Math.cos(x[j] * Math.PI / 2);
                }
                if (k > 0) {
                    v *= Math.sin(x[m - 1 - k] * Math.PI / 2);
                }
                f[k] = v;
            }
            return f;
        }, x -> Map.of(), List.of(), reference);
    }

    static MooProblem bnh() {
        return new MooProblem("bnh", new double[]{0, 0}, new double[]{5, 3},
                x -> new double[]{4 * x[0] * x[0] + 4 * x[1] * x[1],
                        (x[0] - 5) * (x[0] - 5) + (x[1] - 5) * (x[1] - 5)},
                x -> Map.of("c1", (x[0] - 5) * (x[0] - 5) + x[1] * x[1], "c2", (x[0] - 8) * (x[0] - 8) + (x[1] + 3) * (x[1] + 3)),
                List.of(Constraint.of("c1 <= 25"), Constraint.of("c2 >= 7.7")), new double[]{140, 50});
    }
}
