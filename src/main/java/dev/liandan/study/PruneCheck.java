package dev.liandan.study;

import dev.liandan.pruner.NoPruner;
import dev.liandan.pruner.PruneRequest;
import dev.liandan.pruner.Pruner;
import dev.liandan.core.Observation;
import dev.liandan.space.StudySpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks the study's pruner about a running trial after one of its epochs, with the trials as
 * storage holds them right now (so workers elsewhere see and are seen by the same values); the
 * worker's {@link TrialCache} reads only the new and unfinished ones.
 */
public final class PruneCheck {
    private PruneCheck() {
    }

    /** True when the pruner stops {@code trial} after {@code epoch}. */
    public static boolean stop(TrialCache cache, StudySpec spec, Pruner pruner, Trial trial, int epoch) {
        if (pruner instanceof NoPruner) {
            return false;
        }
        int max = maxEpochs(trial.params());
        if (max > 0 && epoch >= max) {
            // the trial ends now anyway: stopping it would only record a finished trial as PRUNED
            return false;
        }
        Observation self = null;
        List<Observation> others = new ArrayList<>();
        for (Trial t : cache.refresh()) {
            // several objectives: each trial's vector as far as stored (a running trial's costs are not yet)
            Observation o = spec.multiObjective() ? t.observation().withValues(ObjectiveValues.of(spec, t))
                    : t.observation();
            if (t.number() == trial.number()) {
                self = o;
            } else {
                others.add(o);
            }
        }
        return self != null && pruner.prune(new PruneRequest(self, epoch, others, spec.objective().direction(),
                spec.search().seed(), max, ObjectiveValues.directions(spec)));
    }

    /** The trial's {@code epochs} setting, or 0 when it has none. */
    static int maxEpochs(Map<String, Object> params) {
        Object e = params.get("epochs");
        return e instanceof Number n && n.doubleValue() >= 1 && n.doubleValue() <= Integer.MAX_VALUE ? n.intValue() : 0;
    }
}
