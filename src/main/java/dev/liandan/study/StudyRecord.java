package dev.liandan.study;

import dev.liandan.core.Direction;

import java.time.Instant;

/**
 * A study as stored. The space file's text is kept so that a resumed sweep can check that it
 * runs the same study, and so that a worker elsewhere needs nothing but the storage.
 */
public record StudyRecord(String name, String spaceText, String spaceFile, String metric, Direction direction,
                          Instant createdAt) {
}
