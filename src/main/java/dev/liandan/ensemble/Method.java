package dev.liandan.ensemble;

import dev.liandan.space.EnsembleSpec;
import dev.liandan.core.UserError;

import java.util.Locale;

/** How an ensemble is chosen and how its members' predictions are combined. */
public enum Method {
    /** Equal-weight (or fitted-weight) average of the members' probabilities; arg-max. */
    SOFT_VOTE,
    /** Each member votes its label; ties broken by the summed probabilities. */
    HARD_VOTE,
    /** Members of one configuration averaged into one label per configuration; configurations vote. */
    HIERARCHICAL,
    /** Greedy forward selection with replacement (Caruana et al. 2004); a weighted soft vote. */
    CARUANA;

    /** The name used on the command line, in space files and in manifests: soft_vote, .... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Method of(String id) {
        for (Method m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new UserError("unknown ensemble method '" + id + "': expected one of "
                + String.join(", ", EnsembleSpec.METHODS));
    }
}
