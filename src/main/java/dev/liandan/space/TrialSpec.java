package dev.liandan.space;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code trial:} section: run each trial as a program (any language, any framework) instead
 * of the built-in dl4j backend. docs/space-format.md describes every key.
 *
 * @param command  the program and its arguments, each a {@link Placeholders} template; never run through a shell
 * @param workdir  the program's working directory (absolute); a relative program path starts here
 * @param timeout  wall time allowed per trial, or null for no limit
 * @param grace    how long a stopped program gets between SIGTERM and SIGKILL
 * @param env      extra environment variables, values as templates, in file order
 * @param location where the {@code trial} key is, for errors found at run time
 */
public record TrialSpec(List<String> command, Path workdir, Duration timeout, Duration grace,
                        Map<String, String> env, SourceLocation location) {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    /** A metric's name, in the objective and in the program's metric lines ({@code val/acc} is fine). */
    public static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");

    public TrialSpec {
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }
}
