package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's --help prints its examples unwrapped, so that each one can be copied into a shell. */
class HelpExamplesTest {
    @Test
    void everyFooterLineIsPrintedAsWritten() {
        List<String[]> commands = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), commands);
        int longLines = 0;
        for (String[] path : commands) {
            String[] args = new String[path.length + 1];
            System.arraycopy(path, 0, args, 0, path.length);
            args[path.length] = "--help";
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
            CommandLine c = new CommandLine(new Main());
            for (String name : path) {
                c = c.getSubcommands().get(name);
            }
            List<String> printed = r.out().lines().toList();
            for (String line : c.getCommandSpec().usageMessage().footer()) {
                if (!line.isEmpty()) {
                    assertTrue(printed.contains(line), String.join(" ", args) + " prints the line whole: " + line);
                    longLines += line.length() > 80 ? 1 : 0;
                }
            }
        }
        assertTrue(longLines > 0, "some example is longer than 80 columns, which picocli would have wrapped");
    }

    @Test
    void anExampleLongerThanEightyColumnsIsOneLine() {
        CliRunner.Result r = CliRunner.run("enqueue", "--help");
        String example = r.out().lines().filter(l -> l.startsWith("  liandan enqueue search-spaces/digits-mlp.yaml --params"))
                .findFirst().orElseThrow();
        assertTrue(example.length() > 80 && example.endsWith("}'"), example);
        assertFalse(r.out().contains("\n\"hidden_layers\""), r.out());
    }

    private static void collect(CommandLine c, List<String> path, List<String[]> out) {
        c.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().mixinStandardHelpOptions()) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                out.add(p.toArray(new String[0]));
                collect(sub, p, out);
            }
        });
    }
}
