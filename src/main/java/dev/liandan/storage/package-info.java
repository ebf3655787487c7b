/**
 * Where studies live: {@link dev.liandan.storage.InMemoryStorage} (tests, benchmarks),
 * {@link dev.liandan.storage.JdbcStorage} (a SQLite file, or PostgreSQL through a second
 * dialect) and {@link dev.liandan.storage.Storages#open(String)}, which picks one from a
 * {@code --storage} value. All pass one contract test and agree on what the
 * {@link dev.liandan.study.StudyStorage} interface leaves open:
 *
 * <ul>
 *   <li>Params come back in their order with one type per value: Long (Integer, Short, Byte
 *       widen), Double (Float widens), String, Boolean or null; other types are refused
 *       ({@link java.lang.IllegalArgumentException}).</li>
 *   <li>Times are kept to the millisecond.</li>
 *   <li>A finished trial never changes again: a second finishTrial returns false, and heartbeats
 *       and intermediates for it are ignored.</li>
 *   <li>An unknown study, or a write to an unknown trial number, is a
 *       {@link dev.liandan.core.UserError}; {@code trial(study, n)} of an unknown number is
 *       empty.</li>
 *   <li>A NaN objective is stored as no value (null). A NaN intermediate reads back as NaN, and
 *       so does an epoch never reported, so that index {@code i} is always epoch {@code i + 1}.</li>
 *   <li>Studies are listed in creation order.</li>
 *   <li>An enqueued trial is WAITING, with the next number, no worker and no heartbeat; only
 *       {@code next} (a CLAIM) makes it RUNNING, and only once. Starting, enqueueing and
 *       {@code next} of one study are serialised across processes (SQLite: the write lock of
 *       {@code BEGIN IMMEDIATE}; PostgreSQL: the study's row {@code FOR UPDATE}).</li>
 *   <li>A password is never part of a message or of {@code toString()}.</li>
 * </ul>
 */
package dev.liandan.storage;
