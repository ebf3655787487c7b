package dev.liandan.report;

import dev.liandan.study.StudyRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a study's space file from wherever the report is written. Storage keeps the path as the
 * sweep was given it, often relative to the folder the sweep ran in; that folder is usually the one
 * holding the results folder ({@code DIR/<study>/} two levels down), else the current one. A file
 * found there counts only if it still holds the text the study was created from.
 */
final class SpaceFileLocation {
    private SpaceFileLocation() {
    }

    /** The space file's absolute path, when a file with the study's stored text is found. */
    static Optional<Path> find(StudyRecord study, Path studyDir) {
        if (study.spaceFile() == null || study.spaceText() == null) {
            return Optional.empty();
        }
        Path stored;
        try {
            stored = Path.of(study.spaceFile());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        if (stored.isAbsolute()) {
            candidates.add(stored);
        } else {
            Path dir = studyDir.toAbsolutePath().normalize();
            if (dir.getParent() != null && dir.getParent().getParent() != null) {
                candidates.add(dir.getParent().getParent().resolve(stored));
            }
            candidates.add(stored.toAbsolutePath());
        }
        for (Path c : candidates) {
            Path file = c.normalize();
            try {
                if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(study.spaceText())) {
                    return Optional.of(file);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // unreadable: not the file
            }
        }
        return Optional.empty();
    }
}
