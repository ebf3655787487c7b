package dev.liandan.sampler;

import java.util.Arrays;

/**
 * Trial numbers of one parameter kept in the order in which {@link ParzenEstimator} sorts its
 * kernels: by the unit value rounded to 2^-40 ({@link #key}), ties by trial number. Kept up to date
 * one trial at a time (a binary search and an array shift), so that an ask reads the order of
 * its kernels off this list in O(n) instead of sorting them, O(n log n), for every parameter.
 */
final class SortedUnits {
    private long[] keys = new long[16];
    private int[] numbers = new int[16];
    private int size;

    /** The estimator's sort key of a unit value: the value in the high bits at 2^-40 resolution. */
    static long key(double unit) {
        return Math.round(unit * (1L << 40));
    }

    int size() {
        return size;
    }

    long keyAt(int i) {
        return keys[i];
    }

    int numberAt(int i) {
        return numbers[i];
    }

    void add(int number, double unit) {
        long k = key(unit);
        int at = -search(k, number) - 1;
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, 2 * size);
            numbers = Arrays.copyOf(numbers, 2 * size);
        }
        System.arraycopy(keys, at, keys, at + 1, size - at);
        System.arraycopy(numbers, at, numbers, at + 1, size - at);
        keys[at] = k;
        numbers[at] = number;
        size++;
    }

    void remove(int number, double unit) {
        int at = search(key(unit), number);
        if (at >= 0) {
            System.arraycopy(keys, at + 1, keys, at, size - at - 1);
            System.arraycopy(numbers, at + 1, numbers, at, size - at - 1);
            size--;
        }
    }

    /** The index of (key, number), or -(insertion point) - 1 as {@link Arrays#binarySearch} gives. */
    private int search(long k, int number) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = keys[mid] != k ? Long.compare(keys[mid], k) : Integer.compare(numbers[mid], number);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }
}
