package dev.liandan.study;

import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A study as a worker that joins it sees it: its space file is the text kept in storage, its
 * budget and seed those of the sweep that created or last resumed it. The only thing a host must
 * supply is the data: a relative {@code data.path} resolves against the folder of the space file
 * as the sweep named it, taken from this host's current directory, or against {@code dataRoot}.
 */
public final class JoinStudy {
    /** The first line of the text a define-by-run study of the Java API stores instead of a space file. */
    public static final String DEFINE_BY_RUN_HEADER = "# a define-by-run study of the liandan Java API";

    private JoinStudy() {
    }

    /**
     * @param dataRoot where relative data paths start, or null for the stored space file's folder
     * @param trials   a new budget for every worker of the study, or null to keep the stored one
     */
    public static StudySpec spec(StudyStorage storage, String study, Path dataRoot, Integer trials) {
        StudyRecord record = storage.findStudy(study)
                .orElseThrow(() -> new UserError("no study '" + study + "' in " + storage
                        + ": start it with `liandan sweep FILE` (or `liandan enqueue FILE`) first"));
        if (record.spaceText() != null && record.spaceText().startsWith(DEFINE_BY_RUN_HEADER)) {
            throw new UserError("study '" + study + "' in " + storage + " is a define-by-run study of the Java API:"
                    + " its trials run in the programs that call Study.optimize on it, not in a worker");
        }
        if (record.spaceText() == null) {
            throw new UserError("study '" + study + "' in " + storage + " keeps no space file: a worker cannot join it");
        }
        Path file = Path.of(record.spaceFile() == null ? study + ".yaml" : record.spaceFile());
        if (dataRoot != null) {
            file = dataRoot.resolve(file.getFileName());
        }
        StudySpec spec;
        try {
            spec = SpaceFileParser.parse(record.spaceText(), file);
        } catch (UserError e) {
            Path folder = file.toAbsolutePath().getParent();
            throw new UserError(e.getMessage() + " (the space file of study '" + study + "' as kept in storage;"
                    + " relative data paths start at " + folder + ": see --data-root)", e);
        }
        Map<String, String> attributes = storage.studyAttributes(study);
        int budget = trials != null ? trials
                : Integer.parseInt(attributes.getOrDefault(StudySetup.ATTRIBUTE_TRIALS,
                Integer.toString(spec.search().trials())));
        if (budget < 1) {
            throw new UserError("--trials must be >= 1, got " + budget);
        }
        long seed = Long.parseLong(attributes.getOrDefault(StudySetup.ATTRIBUTE_SEED,
                Long.toString(spec.search().seed())));
        // the time budget of the sweep that started the study (its file's, or its --time-budget)
        String time = attributes.get(StudySetup.ATTRIBUTE_TIME_BUDGET);
        Duration timeBudget = time == null ? spec.search().timeBudget()
                : StudySetup.NO_TIME_BUDGET.equals(time) ? null : Duration.parse(time);
        return spec.withSearch(spec.search().withTrialsAndSeed(budget, seed).withTimeBudget(timeBudget));
    }

    /** Seconds as a grace period, refusing nonsense with a user error. */
    public static Duration seconds(double seconds, String option) {
        if (!(seconds >= 1) || seconds > 86_400) {
            throw new UserError(option + " must be between 1 and 86400 seconds, got " + seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /**
     * Exits this JVM (running its shutdown hooks, which record the running trial as interrupted)
     * when process {@code pid} is gone: a worker started by a sweep that was killed stops too.
     */
    public static void exitWhenGone(long pid) {
        Thread t = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.exit(130);
        }, "liandan-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
