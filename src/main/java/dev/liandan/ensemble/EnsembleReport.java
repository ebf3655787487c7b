package dev.liandan.ensemble;

import java.util.Locale;

/** A bundle's manifest as a short text report: the ensemble beside the best single trial and each member. */
public final class EnsembleReport {
    private EnsembleReport() {
    }

    public static String text(EnsembleResult result) {
        Manifest m = result.manifest();
        Manifest.Score s = m.metric();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Ensemble '%s' of study '%s': %d member(s), %s chosen on validation, %s%n",
                m.method(), m.study(), m.members().size(), s.name(), s.test() != null ? "scored on held-out test"
                        : "no held-out test split (the trials' own validation rows only)"));
        Manifest.CrossFit c = m.crossFit();
        if (c != null && c.replaced()) {
            sb.append(String.format(Locale.ROOT, "The %s ensemble scored below the best single trial on the validation "
                    + "cross-fit (held-out accuracy %.4f vs %.4f): the bundle holds trial %d alone (--keep writes the "
                    + "ensemble)%n", c.chosenMethod(), c.ensemble(), c.bestSingle(), m.members().get(0).trial()));
        } else if (c != null && c.ensemble() < c.bestSingle()) {
            sb.append(String.format(Locale.ROOT, "Kept (--keep): the %s ensemble scored below the best single trial on "
                    + "the validation cross-fit (held-out accuracy %.4f vs %.4f)%n", c.chosenMethod(), c.ensemble(),
                    c.bestSingle()));
        }
        Manifest.Selection sel = m.selection();
        if (sel != null && sel.candidates() != null && ("pareto".equals(sel.candidatesFrom())
                || "trials".equals(sel.candidatesFrom()))) {
            sb.append(String.format(Locale.ROOT, "Candidates: %s %s (best single: the best of them)%n",
                    "pareto".equals(sel.candidatesFrom()) ? "the Pareto front, trials" : "the chosen trials",
                    String.join(", ", sel.candidates().stream().map(String::valueOf).toList())));
        }
        if (sel != null && sel.selectBy() != null) {
            sb.append(String.format(Locale.ROOT, "Selection: greedy by validation %s, %s initialisation, %s, up to %d "
                            + "picks from %d candidates%n", sel.selectBy(), sel.init(),
                    sel.bags() == null || sel.bags() == 1 ? "one run" : sel.bags() + " bags of half the candidates",
                    sel.size(), sel.candidates().size()));
            if (sel.candidateSeeds() != null) {
                sb.append(String.format(Locale.ROOT, "Candidates: the trials and the best %d configuration(s) retrained"
                        + " with %d new seed(s) each%n", sel.reseedTop(), sel.seedsPerConfig() - 1));
            }
        }
        sb.append(String.format(Locale.ROOT, "  %-26s %-8s %12s %12s%n", "", "weight", "validation", "test"));
        sb.append(String.format(Locale.ROOT, "  %-26s %-8s %12s %12s%n", "ensemble", "", f(s.validation()),
                f(s.test())));
        Manifest.Member b = m.bestSingle();
        sb.append(String.format(Locale.ROOT, "  %-26s %-8s %12s %12s%n", "best single (trial " + b.trial() + ")", "",
                f(b.validation()), f(b.test())));
        for (Manifest.Member member : m.members()) {
            String name = "trial " + member.trial() + (Boolean.TRUE.equals(member.retrained())
                    ? " seed " + member.seed() : "");
            sb.append(String.format(Locale.ROOT, "  %-26s %-8.4f %12s %12s%n", name, member.weight(),
                    f(member.validation()), f(member.test())));
        }
        if (s.test() != null && b.test() != null) {
            double gain = s.test() - b.test();
            sb.append(String.format(Locale.ROOT, "Test %s: ensemble %s vs best single %s (%s%s)%n", s.name(),
                    f(s.test()), f(b.test()), gain >= 0 ? "+" : "", s.name().equals("accuracy")
                            ? String.format(Locale.ROOT, "%.2f points", 100 * gain) : f(gain)));
        }
        sb.append("Bundle: ").append(result.bundle()).append(System.lineSeparator());
        if (result.zip() != null) {
            sb.append("Zip:    ").append(result.zip()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String f(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
