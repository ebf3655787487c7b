package dev.liandan.space;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input must end in a UserError (a SpaceError pointing inside the text), never in another
 * exception: the CLI prints a UserError as one line and anything else as a stack trace. The
 * example file is cut, punched and shuffled in every position, deterministically.
 */
class SpaceFileRobustnessTest {
    @TempDir
    Path dir;

    @Test
    void everyDeletionTruncationAndSwapParsesOrIsAUserError() {
        String text = SpaceFileParserTest.example();
        Path file = SpaceFiles.write(dir, text);
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            variants.add(text.substring(0, i) + text.substring(i + 1));
            variants.add(text.substring(0, i));
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            List<String> dropped = new ArrayList<>(List.of(lines));
            dropped.remove(i);
            variants.add(String.join("\n", dropped));
            List<String> swapped = new ArrayList<>(List.of(lines));
            swapped.set(i, lines[i + 1]);
            swapped.set(i + 1, lines[i]);
            variants.add(String.join("\n", swapped));
        }
        Random random = new Random(7);
        String noise = "{}[]:,-'\"#&*!|>%@`=^ \t\n0.eE";
        for (int k = 0; k < 2000; k++) {
            int at = random.nextInt(text.length());
            variants.add(text.substring(0, at) + noise.charAt(random.nextInt(noise.length())) + text.substring(at));
        }
        int rejected = 0;
        for (String v : variants) {
            try {
                SpaceFileParser.parse(v, file);
            } catch (SpaceError e) {
                rejected++;
                int lineCount = v.split("\n", -1).length;
                assertTrue(e.location().line() >= 1 && e.location().line() <= lineCount + 1, e.getMessage());
                assertTrue(e.location().column() >= 1, e.getMessage());
                assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
            } catch (UserError e) {
                fail("a mistake inside the text should have a location: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("not a user error for input:\n" + v, e);
            }
        }
        // the mutations are meant to hurt: most must be rejected, or the test proves little
        assertTrue(rejected > variants.size() / 2, rejected + " of " + variants.size());
    }
}
