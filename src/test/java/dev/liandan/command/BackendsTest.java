package dev.liandan.command;

import dev.liandan.space.SpaceFileParser;
import dev.liandan.train.Dl4jBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendsTest {
    @Test
    void withoutATrialSectionTheDl4jBackendRuns() {
        assertTrue(Backends.forSpec(SpaceFileParser.parse(Path.of("search-spaces/digits-mlp.yaml"))) instanceof Dl4jBackend);
    }

    @Test
    void withOneTheCommandBackendRuns(@TempDir Path dir) {
        assertTrue(Backends.forSpec(CommandFixtures.spec(dir, "  x: 1\n", CommandFixtures.trial("ok", "")))
                instanceof CommandBackend);
    }
}
