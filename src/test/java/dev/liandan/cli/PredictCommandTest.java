package dev.liandan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code liandan predict} on the bundle fixture: good rows in either layout, and each kind of bad input. */
class PredictCommandTest {
    static final String BUNDLE = "src/test/resources/ensemble/fixture/bundle";

    @TempDir
    Path tmp;

    private CliRunner.Result predict(String csv, String... extra) throws Exception {
        Path in = tmp.resolve("in.csv");
        Files.writeString(in, csv);
        List<String> args = new java.util.ArrayList<>(List.of("predict", "--ensemble", BUNDLE, "--input", in.toString(),
                "--output", tmp.resolve("out.csv").toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }

    @Test
    void headerIsMatchedByNameAndTheLabelColumnIgnored() throws Exception {
        CliRunner.Result plain = predict("5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        assertEquals(0, plain.exitCode(), plain.err());
        List<String> expected = Files.readAllLines(tmp.resolve("out.csv"));
        assertEquals(List.of("row,label", "1,0", "2,2"), expected);

        // the same rows with the columns shuffled, a label column and a blank line
        CliRunner.Result named = predict("label,petal_width,sepal_length,petal_length,sepal_width\n"
                + "1,0.2,5.1,1.4,3.5\n\n2,2.3,6.7,5.2,3.0\n", "--proba");
        assertEquals(0, named.exitCode(), named.err());
        assertTrue(named.out().contains("2 row(s) predicted"), named.out());
        List<String> lines = Files.readAllLines(tmp.resolve("out.csv"));
        assertEquals("row,label,p_0,p_1,p_2", lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("1,0,") && lines.get(2).startsWith("3,2,"), lines.toString());
        double sum = 0;
        for (String p : lines.get(2).split(",", 3)[2].split(",")) {
            sum += Double.parseDouble(p);
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void outputDashWritesTheCsvToStandardOutputAndNoFile() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.csv"), "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        CliRunner.Result r = CliRunner.run("predict", "--ensemble", BUNDLE, "--input", in.toString(), "--output", "-");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("row,label\n1,0\n2,2\n", r.out());
        assertTrue(r.err().contains("2 row(s) predicted"), r.err());
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
    }

    @Test
    void badRowsAreRefusedWithTheirRowNumber() throws Exception {
        assertRefused(predict("5.1,3.5,1.4,0.2\n6.7,3.0,5.2\n"), "in.csv: row 2 has 3 value(s), expected 4");
        assertRefused(predict("sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n5.1,abc,1.4,0.2\n"),
                "in.csv: row 2, column 2 ('sepal_width'): expected a number, got 'abc'");
        assertRefused(predict("5.1,3.5,NaN,0.2\n"), "row 1, column 3 ('petal_length'): expected a number, got 'NaN'");
        assertRefused(predict("5.1,3.5,1.4,0.2,9\n"), "in.csv: row 1 has 5 value(s), expected 4");
        assertRefused(predict("sepal_length,sepal_width,petal_length\n5.1,3.5,1.4\n"),
                "the header lacks feature column(s) petal_width");
        assertRefused(predict("sepal_length,sepal_width,petal_length,petal_width,colour\n5.1,3.5,1.4,0.2,red\n"),
                "header column 'colour' is not a feature of the ensemble nor its label column 'label'");
        assertRefused(predict(""), "in.csv: no rows to predict");
        assertFalse(Files.exists(tmp.resolve("out.csv")), "nothing written for refused input");

        CliRunner.Result noBundle = CliRunner.run("predict", "--ensemble", tmp.resolve("nope").toString(), "--input",
                tmp.resolve("in.csv").toString(), "--output", tmp.resolve("out.csv").toString());
        assertRefused(noBundle, "no ensemble bundle");
        CliRunner.Result notZip = CliRunner.run("predict", "--ensemble", tmp.resolve("in.csv").toString(), "--input",
                tmp.resolve("in.csv").toString(), "--output", tmp.resolve("out.csv").toString());
        assertRefused(notZip, "not an ensemble bundle");
        CliRunner.Result noInput = CliRunner.run("predict", "--ensemble", BUNDLE, "--input",
                tmp.resolve("missing.csv").toString(), "--output", tmp.resolve("out.csv").toString());
        assertRefused(noInput, "missing.csv: cannot read: no such file");
    }

    private static void assertRefused(CliRunner.Result r, String part) {
        assertEquals(2, r.exitCode(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("liandan: ") && err.contains(part), "expected '" + part + "' in: " + err);
    }
}
