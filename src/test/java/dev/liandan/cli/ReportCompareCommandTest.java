package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code liandan report --compare A,B} on two tiny real sweeps, and its argument errors. */
class ReportCompareCommandTest {
    @TempDir
    Path tmp;

    @Test
    void twoStudiesSideBySide() throws Exception {
        Path results = tmp.resolve("results");
        Path first = CliRunner.space(tmp, "digits-small.yaml", 1);
        Path second = tmp.resolve("digits-other.yaml");
        Files.writeString(second, Files.readString(first).replace("study: digits-small", "study: digits-other")
                .replace("seed: ", "seed: 1"));
        for (Path space : new Path[]{first, second}) {
            CliRunner.Result sweep = CliRunner.run("sweep", space.toString(), "--results", results.toString(),
                    "--trials", "2");
            assertEquals(0, sweep.exitCode(), sweep.err());
        }
        CliRunner.Result r = CliRunner.run("report", "--compare", "digits-small,digits-other", "--results",
                results.toString());
        assertEquals(0, r.exitCode(), r.err());
        Path page = results.resolve("compare-digits-small-digits-other.html");
        assertTrue(r.out().contains("Comparison written to " + page.toAbsolutePath().normalize()), r.out());
        String html = Files.readString(page);
        assertTrue(html.contains("<th>digits-small</th><th>digits-other</th>"), "one column per study");
        assertTrue(html.contains("<tr><th>trials</th><td>2 (2 complete)</td><td>2 (2 complete)</td></tr>"), html);
        for (String id : new String[]{"best-so-far", "edf"}) {
            int at = html.indexOf("<section id=\"" + id + "\">");
            assertTrue(at >= 0 && html.indexOf("<svg", at) < html.indexOf("</section>", at), id + " is drawn");
        }
        assertTrue(html.contains(">digits-small</text>") || html.contains("digits-small</"), "legend names the studies");
    }

    @Test
    void oneStudyOrNoneIsOneLineAndExitCodeTwo() {
        String[][] calls = {{"report", "--results", tmp.toString()},
                {"report", "--study", "a", "--compare", "a,b", "--results", tmp.toString()},
                {"report", "--compare", "a", "--results", tmp.toString()},
                {"report", "--compare", "a,a", "--results", tmp.toString()}};
        for (String[] call : calls) {
            CliRunner.Result r = CliRunner.run(call);
            assertEquals(2, r.exitCode(), String.join(" ", call) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("liandan: "), r.err());
        }
        CliRunner.Result missing = CliRunner.run("report", "--compare", "a,b", "--results", tmp.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("liandan: no study 'a' in "), missing.err());
        assertFalse(Files.exists(tmp.resolve("a")), "nothing created");
    }
}
