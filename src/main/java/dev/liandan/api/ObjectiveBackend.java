package dev.liandan.api;

import dev.liandan.core.TrialState;
import dev.liandan.core.UserError;
import dev.liandan.study.FailureReason;
import dev.liandan.study.StudyAborted;
import dev.liandan.study.TrialBackend;
import dev.liandan.study.TrialOutcome;
import dev.liandan.study.TrialRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a define-by-run objective as the worker loop's trial backend: the trial it hands the
 * objective starts from the sampler's proposal; what the objective suggested becomes the
 * trial's stored params, whatever way it ends. An objective of several values ({@link MultiObjective})
 * is stored as {@link ObjectiveVector} says.
 */
final class ObjectiveBackend implements TrialBackend {
    private final Trial.Context context;
    private final Objective objective;
    private final MultiObjective multi;
    private final List<dev.liandan.space.Objective> objectives;
    private final boolean catchExceptions;
    private final boolean keepsFiles;

    ObjectiveBackend(Trial.Context context, Objective objective, boolean catchExceptions, boolean keepsFiles) {
        this.context = context;
        this.objective = objective;
        this.multi = null;
        this.objectives = null;
        this.catchExceptions = catchExceptions;
        this.keepsFiles = keepsFiles;
    }

    /** A backend of an objective that returns one value per objective of {@code objectives}. */
    ObjectiveBackend(Trial.Context context, MultiObjective multi, List<dev.liandan.space.Objective> objectives,
                     boolean catchExceptions, boolean keepsFiles) {
        this.context = context;
        this.objective = null;
        this.multi = multi;
        this.objectives = List.copyOf(objectives);
        this.catchExceptions = catchExceptions;
        this.keepsFiles = keepsFiles;
    }

    @Override
    public TrialOutcome run(TrialRequest request) {
        Path dir = keepsFiles ? request.artifactDir() : null;
        Trial trial = new Trial(context, request.number(), request.seed(), request.params(), request.listener(), dir);
        try {
            ObjectiveVector v = multi == null ? ObjectiveVector.ofValue(objective.evaluate(trial), trial.setMetrics())
                    : ObjectiveVector.of(multi.evaluate(trial), objectives, trial.setMetrics());
            store(trial, request.params());
            if (v.failure() != null) {
                return TrialOutcome.failed(v.failure(), trial.lastEpoch());
            }
            return new TrialOutcome(TrialState.COMPLETE, v.value(), v.metrics(), trial.lastEpoch(), null);
        } catch (TrialPruned pruned) {
            store(trial, request.params());
            return new TrialOutcome(TrialState.PRUNED, trial.bestReported(), trial.setMetrics(), trial.lastEpoch(),
                    null);
        } catch (UserError e) {
            store(trial, request.params());
            throw e; // a mistake every trial would make (a parameter asked for with two ranges): stop
        } catch (Exception | Error e) {
            store(trial, request.params());
            if (!catchExceptions) {
                throw new StudyAborted(e);
            }
            return TrialOutcome.failed(FailureReason.of(e), trial.lastEpoch());
        }
    }

    /** Stores what the trial suggested, in its order, unless it is what the trial started with (no write then). */
    private void store(Trial trial, Map<String, Object> proposal) {
        if (!trial.suggestedExactly(proposal)) {
            context.storage().setTrialParams(context.study(), trial.number(), trial.storedParams());
        }
    }
}
