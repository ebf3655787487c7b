package dev.liandan.study;

import dev.liandan.space.StudySpec;

/** Whether a stored study and a space file describe the same study, so a sweep may resume it. */
final class StudyMatch {
    private StudyMatch() {
    }

    /**
     * The same text, or texts that differ only in the {@code trials:} budget (a user who raises
     * the budget in the file resumes the study rather than being refused).
     */
    static boolean sameStudy(StudyRecord stored, StudySpec spec) {
        return withoutBudget(stored.spaceText()).equals(withoutBudget(spec.sourceText()));
    }

    private static String withoutBudget(String text) {
        return text.replaceAll("(?m)^(\\s*)trials:.*$", "$1trials:").strip();
    }
}
