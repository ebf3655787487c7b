package dev.liandan.space;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * What the label column of a CSV file looks like: how many distinct values its first rows hold,
 * and whether all of them are numbers and all whole numbers. A space file that names no
 * {@code data.task} is checked with it, so that a numeric target is not silently trained as a
 * classifier with one class per distinct value.
 *
 * @param distinct distinct label texts among the rows read (at most {@link #MAX_DISTINCT} + 1 counted)
 * @param numeric  every label read parses as a finite number
 * @param whole    every label read is a whole number
 */
record LabelSurvey(int distinct, boolean numeric, boolean whole) {

    /** Rows read: enough to tell a target from a class label, cheap on a large file. */
    static final int MAX_ROWS = 20_000;
    static final int MAX_DISTINCT = 1_000;

    /**
     * Numeric labels are taken for a regression target when they have more than
     * {@value #FRACTIONAL_CLASSES} distinct values not all whole, or more than
     * {@value #WHOLE_CLASSES} distinct whole numbers: class labels are small sets of codes.
     */
    static final int FRACTIONAL_CLASSES = 20;
    static final int WHOLE_CLASSES = 100;

    boolean looksLikeTarget() {
        return numeric && (whole ? distinct > WHOLE_CLASSES : distinct > FRACTIONAL_CLASSES);
    }

    /** Surveys column {@code labelAt} of {@code path}; null when the file cannot be read (the loader says why later). */
    static LabelSurvey of(Path path, int labelAt) {
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                     ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            Set<String> seen = new HashSet<>();
            boolean numeric = true;
            boolean whole = true;
            String line;
            for (int rows = 0; rows < MAX_ROWS && (line = reader.readLine()) != null; rows++) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = cells(line);
                if (labelAt >= cells.size()) {
                    continue;
                }
                String label = cells.get(labelAt);
                if (seen.size() <= MAX_DISTINCT) {
                    seen.add(label);
                }
                if (numeric) {
                    try {
                        double v = Double.parseDouble(label);
                        numeric = Double.isFinite(v);
                        whole &= v == Math.rint(v);
                    } catch (NumberFormatException e) {
                        numeric = false;
                    }
                }
            }
            return new LabelSurvey(seen.size(), numeric && !seen.isEmpty(), whole);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A CSV line's cells, quotes removed ("" inside quotes is one quote); enough to find one column. */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString().strip());
        return out;
    }
}
