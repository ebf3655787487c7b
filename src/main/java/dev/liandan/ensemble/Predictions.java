package dev.liandan.ensemble;

import dev.liandan.core.UserError;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code liandan predict}: a bundle's predictions for the rows of a CSV file, written as CSV:
 * {@code row,label} per input row (its row number and the predicted label), and with
 * {@code proba} also {@code p_<class>} per class (vote shares for hard_vote and hierarchical); a
 * regression bundle writes {@code row,prediction}, the number in the target's units.
 */
public final class Predictions {
    private Predictions() {
    }

    /** Predicts every row of {@code input} with the bundle at {@code bundle}; returns the number of rows. */
    public static int run(Path bundle, Path input, Path output, boolean proba) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError(output + ": cannot write: folder " + parent + " does not exist");
        }
        Labelled l = predict(bundle, input, proba);
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            write(w, l);
        }
        return l.rows().length;
    }

    /** As {@link #run(Path, Path, Path, boolean)}, writing the CSV to {@code output} (standard output, say). */
    public static int run(Path bundle, Path input, Writer output, boolean proba) throws IOException {
        Labelled l = predict(bundle, input, proba);
        write(output, l);
        output.flush();
        return l.rows().length;
    }

    /** A classification's labels (and probabilities), or a regression's {@code values}. */
    private record Labelled(int[] rows, int[] classes, double[][] proba, List<String> labels, double[] values) {
    }

    private static void write(Writer w, Labelled l) throws IOException {
        if (l.values() != null) {
            writeValues(w, l.rows(), l.values());
        } else {
            write(w, l.rows(), l.classes(), l.proba(), l.labels());
        }
    }

    /** {@code row,prediction} per input row: a regression bundle's numbers, in the target's units. */
    static void writeValues(Writer w, int[] rows, double[] values) throws IOException {
        StringBuilder sb = new StringBuilder("row,prediction\n");
        for (int i = 0; i < rows.length; i++) {
            sb.append(rows[i]).append(',').append(values[i]).append('\n');
        }
        w.write(sb.toString());
    }

    private static Labelled predict(Path bundle, Path input, boolean proba) throws IOException {
        try (Ensemble ensemble = Ensemble.load(bundle)) {
            PredictionInput.Rows rows = PredictionInput.read(input, ensemble.features(),
                    ensemble.manifest().input().labelColumn());
            if (ensemble.regression()) {
                if (proba) {
                    throw new UserError("--proba: a regression bundle predicts numbers, not class probabilities");
                }
                return new Labelled(rows.rows(), null, null, null, ensemble.predictValues(rows.values()));
            }
            int[] classes = ensemble.predictClasses(rows.values());
            double[][] p = proba ? ensemble.predictProba(rows.values()) : null;
            return new Labelled(rows.rows(), classes, p, ensemble.labels(), null);
        }
    }

    static void write(Writer w, int[] rows, int[] classes, double[][] proba, List<String> labels) throws IOException {
        StringBuilder sb = new StringBuilder("row,label");
        if (proba != null) {
            for (String c : labels) {
                sb.append(',').append(cell("p_" + c));
            }
        }
        w.write(sb.append('\n').toString());
        for (int i = 0; i < rows.length; i++) {
            sb.setLength(0);
            sb.append(rows[i]).append(',').append(cell(labels.get(classes[i])));
            if (proba != null) {
                for (double v : proba[i]) {
                    sb.append(',').append(v);
                }
            }
            w.write(sb.append('\n').toString());
        }
    }

    static String cell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
