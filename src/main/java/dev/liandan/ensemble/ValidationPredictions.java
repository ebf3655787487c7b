package dev.liandan.ensemble;

import dev.liandan.core.UserError;
import dev.liandan.train.Dataset;
import dev.liandan.train.Split;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Reads a trial's {@code val_predictions.csv} ({@code row,label,p_<class0>,...}) and checks it
 * against the study's validation split: the same rows in the same order with the same labels and
 * the same classes, or the data changed since the trial ran and its predictions mean nothing.
 * Writes a retrained member's test predictions in the same format.
 */
final class ValidationPredictions {
    private ValidationPredictions() {
    }

    static double[][] read(Path file, Dataset data, int trial) throws IOException {
        return read(file, data, data.validation(), "validation", trial);
    }

    /** The predictions in {@code file} for the rows of {@code split} (named {@code splitName} in messages). */
    static double[][] read(Path file, Dataset data, Split val, String splitName, int trial) throws IOException {
        int k = data.classCount();
        String problem = "trial " + trial + "'s " + file.getFileName() + " does not match the study's " + splitName
                + " split";
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = PredictionInput.cells(r.readLine());
            if (header.size() != k + 2 || !header.get(0).equals("row")) {
                throw new UserError(problem + " (its header has " + header.size() + " columns, expected " + (k + 2) + ")");
            }
            for (int c = 0; c < k; c++) {
                if (!header.get(c + 2).equals("p_" + data.classNames().get(c))) {
                    throw new UserError(problem + " (column " + header.get(c + 2) + ", expected p_"
                            + data.classNames().get(c) + ")");
                }
            }
            double[][] p = new double[val.size()][k];
            for (int i = 0; i < val.size(); i++) {
                String line = r.readLine();
                List<String> cells = line == null ? List.of() : PredictionInput.cells(line);
                if (cells.size() != k + 2 || !cells.get(0).equals(Integer.toString(val.row(i)))
                        || !cells.get(1).equals(data.classNames().get(val.label(i)))) {
                    throw new UserError(problem + " at its line " + (i + 2) + " (was the data file changed?)");
                }
                for (int c = 0; c < k; c++) {
                    // written from floats in their shortest form: read back as the same float
                    p[i][c] = Float.parseFloat(cells.get(c + 2));
                }
            }
            String extra = r.readLine();
            if (extra != null && !extra.isBlank()) {
                throw new UserError(problem + " (more rows than the split's " + val.size() + ")");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UserError(problem + ": " + e.getMessage());
        }
    }

    /**
     * Writes {@code p} (probabilities of float networks) for the rows of {@code split} in the format
     * {@link #read} reads: each value in the shortest form of its float, so it reads back bit for bit.
     * Written beside and moved into place, so a reader never sees half a file.
     */
    static void write(Path file, Dataset data, Split split, double[][] p) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder("row,label");
            for (String c : data.classNames()) {
                sb.append(',').append(Predictions.cell("p_" + c));
            }
            w.write(sb.append('\n').toString());
            for (int i = 0; i < split.size(); i++) {
                sb.setLength(0);
                sb.append(split.row(i)).append(',').append(Predictions.cell(data.classNames().get(split.label(i))));
                for (double v : p[i]) {
                    sb.append(',').append((float) v);
                }
                w.write(sb.append('\n').toString());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
