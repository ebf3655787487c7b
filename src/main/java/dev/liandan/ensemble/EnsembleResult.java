package dev.liandan.ensemble;

import java.nio.file.Path;

/** A written bundle: its folder, its zip file (null without {@code --zip}) and its manifest. */
public record EnsembleResult(Path bundle, Path zip, Manifest manifest) {
}
