package dev.liandan.report;

import dev.liandan.study.StudyListener;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyResult;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Keeps a study's HTML report current during a sweep: rewritten (atomically) when the study
 * starts, after each finished trial, and once more, no longer live, when it ends. A report that
 * cannot be written never stops the sweep: the first failure is told to {@code warn}, later ones
 * are dropped.
 */
public final class LiveReport implements StudyListener {
    private final StudyStorage storage;
    private final Path studyDir;
    private final Path out;
    private final Consumer<String> warn;
    private int budget;
    private String study;
    private boolean warned;

    /** @param out the report file, usually {@code studyDir/report.html} */
    public LiveReport(StudyStorage storage, Path studyDir, Path out, Consumer<String> warn) {
        this.storage = storage;
        this.studyDir = studyDir;
        this.out = out;
        this.warn = warn;
    }

    @Override
    public void studyStarted(String study, int budget, int finished, Double best) {
        this.budget = budget;
        write(study, new StudyReport.Live(budget, finished));
    }

    @Override
    public void trialFinished(Trial trial, int finished, Double best) {
        write(null, new StudyReport.Live(budget, finished));
    }

    @Override
    public void studyEnded(StudyResult result) {
        write(result.study(), null);
    }

    private void write(String name, StudyReport.Live live) {
        if (name != null) {
            study = name;
        }
        try {
            StudyRecord record = storage.findStudy(study).orElseThrow();
            StudyReport.of(record, storage.trials(study), studyDir, live, Instant.now()).write(out);
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                warn.accept("cannot update the report " + out + ": " + e.getMessage());
            }
        }
    }
}
