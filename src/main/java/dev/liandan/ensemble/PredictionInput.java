package dev.liandan.ensemble;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.liandan.core.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Rows for {@code liandan predict}: a CSV file (plain or .gz) of raw feature values.
 *
 * <ul>
 *   <li>With a header (a first line with any cell that is not a number) columns are matched to the
 *       ensemble's features by name, in any order; the study's label column may be present and is
 *       ignored; any other unknown column, or a missing feature, is refused.</li>
 *   <li>Without a header every row has exactly the features, in the ensemble's order.</li>
 * </ul>
 *
 * Every row must have the right number of cells, each a finite number; the first that does not is
 * refused with its row number. Rows are numbered as in the trials' files: with a header, row 1 is
 * the line after it; without one, row 1 is the first line. Blank lines are skipped but counted.
 */
public final class PredictionInput {
    private static final ObjectReader CSV = new CsvMapper()
            .enable(CsvParser.Feature.TRIM_SPACES).readerForArrayOf(String.class);

    /**
     * @param values raw feature values in the ensemble's feature order
     * @param rows   each row's number, for the output
     */
    public record Rows(double[][] values, int[] rows) {
    }

    private PredictionInput() {
    }

    /** The cells of one CSV line (quotes and doubled quotes understood). */
    static List<String> cells(String line) throws IOException {
        if (line == null || line.isEmpty()) {
            return List.of();
        }
        String[] cells = CSV.readValue(line);
        return cells == null ? List.of() : Arrays.asList(cells);
    }

    public static Rows read(Path file, List<String> features, String labelColumn) {
        String name = file.toString();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return read(r, name, features, labelColumn);
        } catch (NoSuchFileException e) {
            throw new UserError(name + ": cannot read: no such file");
        } catch (IOException e) {
            throw new UserError(name + ": cannot read: " + e.getMessage());
        }
    }

    static Rows read(BufferedReader r, String file, List<String> features, String labelColumn) throws IOException {
        int d = features.size();
        String line = r.readLine();
        int lineNo = 1;
        while (line != null && line.isBlank()) {
            line = r.readLine();
            lineNo++;
        }
        if (line == null) {
            throw new UserError(file + ": no rows to predict");
        }
        if (line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        List<String> first = parse(line, file, lineNo);
        int[] take; // take[j]: the input column of feature j
        int width;
        int rowBase; // row number = line number - rowBase
        if (first.stream().allMatch(PredictionInput::isNumber)) {
            take = new int[d];
            for (int j = 0; j < d; j++) {
                take[j] = j;
            }
            width = d;
            rowBase = 0;
        } else {
            take = columns(first, file, features, labelColumn);
            width = first.size();
            rowBase = lineNo;
            line = null;
        }
        List<double[]> values = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        while (true) {
            if (line == null) {
                line = r.readLine();
                lineNo++;
                if (line == null) {
                    break;
                }
            }
            if (!line.isBlank()) {
                int row = lineNo - rowBase;
                List<String> cells = parse(line, file, lineNo);
                if (cells.size() != width) {
                    throw new UserError(file + ": row " + row + " has " + cells.size() + " value(s), expected " + width
                            + (rowBase == 0 ? " (the ensemble's features)" : " (the header's columns)"));
                }
                double[] x = new double[d];
                for (int j = 0; j < d; j++) {
                    String cell = cells.get(take[j]);
                    double v;
                    try {
                        v = Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        v = Double.NaN;
                    }
                    if (!Double.isFinite(v)) {
                        throw new UserError(file + ": row " + row + ", column " + (take[j] + 1) + " ('" + features.get(j)
                                + "'): expected a number, got '" + cell + "'");
                    }
                    x[j] = v;
                }
                values.add(x);
                rows.add(row);
            }
            line = null;
        }
        if (values.isEmpty()) {
            throw new UserError(file + ": no rows to predict");
        }
        return new Rows(values.toArray(new double[0][]), rows.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int[] columns(List<String> header, String file, List<String> features, String labelColumn) {
        Map<String, Integer> at = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            if (at.put(h, c) != null) {
                throw new UserError(file + ": the header names column '" + h + "' twice");
            }
            if (!features.contains(h) && !h.equals(labelColumn)) {
                throw new UserError(file + ": header column '" + h + "' is not a feature of the ensemble"
                        + (labelColumn == null ? "" : " nor its label column '" + labelColumn + "'"));
            }
        }
        List<String> missing = features.stream().filter(f -> !at.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            throw new UserError(file + ": the header lacks feature column(s) "
                    + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? ", … (" + missing.size() + " in all)" : ""));
        }
        return features.stream().mapToInt(at::get).toArray();
    }

    private static List<String> parse(String line, String file, int lineNo) {
        try {
            return cells(line);
        } catch (IOException e) {
            throw new UserError(file + ": line " + lineNo + ": not a CSV line");
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
