package dev.liandan.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v}/{@code --verbose}: show DL4J/ND4J logs. {@link Main} acts on it before picocli
 * parses anything (log levels must be set before the first DL4J class loads), so the option is
 * declared here only so that commands accept it and list it in their help. A picocli mixin; the
 * help says which logs there are, so commands that train use {@link Training}.
 */
class VerboseOption {
    static final String SHORT = "-v";
    static final String LONG = "--verbose";

    @Option(names = {SHORT, LONG}, description = "show DL4J/ND4J start-up logs")
    boolean verbose;

    /** For commands that train: the same flag, whose help also names the training logs. */
    static final class Training {
        @Option(names = {SHORT, LONG}, description = "show DL4J/ND4J start-up and training logs")
        boolean verbose;
    }
}
