package dev.liandan.study;

import java.util.Map;

/** A trial about to start: what the worker hands the storage, which assigns its number. */
public record NewTrial(Map<String, Object> params, long seed, Integer retryOf, String worker) {
}
