package dev.liandan.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One worker's copy of a study's trials, brought up to date by reading only what may have
 * changed: a finished trial (COMPLETE, PRUNED, FAILED) never changes again, so it is read once;
 * each refresh reads the trials numbered past the highest seen and those last seen unfinished
 * (RUNNING or WAITING) — see {@link StudyStorage#trialsFrom}. A refresh then costs the new and
 * unfinished trials, not the whole study: a worker loop is O(1) reads per trial, not O(n).
 *
 * <p>The view it returns is exactly what a full read would give at the moment of the refresh:
 * numbers are handed out densely and in commit order, so every trial below the highest number
 * seen was seen, and those not finished then are read again. Thread-safe (the pruner may ask
 * from a backend's thread).
 */
public final class TrialCache {
    private final StudyStorage storage;
    private final String study;
    /** Index = number: storages number trials densely from 0. */
    private final ArrayList<Trial> byNumber = new ArrayList<>();
    /** Numbers below {@link #next} last seen RUNNING or WAITING: they may still change. */
    private final Set<Integer> unfinished = new TreeSet<>();
    /** Every number below this has been seen. */
    private int next;
    private List<Trial> view = List.of();

    public TrialCache(StudyStorage storage, String study) {
        this.storage = storage;
        this.study = study;
    }

    /** Reads what is new or unfinished from storage; the study's trials as they are now, by number. */
    public synchronized List<Trial> refresh() {
        return merge(storage.trialsFrom(study, next, List.copyOf(unfinished)));
    }

    /**
     * The same through a reader inside {@link StudyStorage#decideNext}'s transaction, so that the
     * decision sees the trials under the study's lock. Reading there is harmless to repeat: what
     * a retried transaction read was committed by others, and a finished trial is final.
     */
    public synchronized List<Trial> refresh(StudyStorage.TrialReader reader) {
        return merge(reader.trialsFrom(next, List.copyOf(unfinished)));
    }

    /** The trials as of the last refresh, without reading. */
    public synchronized List<Trial> trials() {
        return view;
    }

    /** Trial {@code number} as of the last refresh, or null. */
    public synchronized Trial trial(int number) {
        return number >= 0 && number < byNumber.size() ? byNumber.get(number) : null;
    }

    /** The numbers of the trials not finished as of the last refresh (RUNNING, WAITING). */
    public synchronized Set<Integer> unfinishedNumbers() {
        return Set.copyOf(unfinished);
    }

    private List<Trial> merge(List<Trial> fresh) {
        if (fresh.isEmpty()) {
            return view;
        }
        for (Trial t : fresh) {
            int n = t.number();
            if (n < byNumber.size()) {
                byNumber.set(n, t);
            } else if (n == byNumber.size()) {
                byNumber.add(t);
            } else {
                throw new IllegalStateException("trial " + n + " of study '" + study + "' read before trial "
                        + byNumber.size() + ": trial numbers must be dense");
            }
            if (t.state().finished()) {
                unfinished.remove(t.number());
            } else {
                unfinished.add(t.number());
            }
            next = Math.max(next, t.number() + 1);
        }
        view = Collections.unmodifiableList(new ArrayList<>(byNumber)); // an array copy: no O(n) work beyond it
        return view;
    }
}
