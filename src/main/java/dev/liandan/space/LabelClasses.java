package dev.liandan.space;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The classes of a CSV data file's label column, read only as far as needed: the scan stops at
 * the second class, so a usual file costs a few rows; only a file with one class is read whole.
 */
final class LabelClasses {
    private LabelClasses() {
    }

    /** A space error at {@code blame} unless the label column holds at least two of the kept classes. */
    static void checkTwo(YamlNode blame, Path csv, String label, List<String> keep) {
        Set<String> seen = new HashSet<>();
        try (InputStream raw = Files.newInputStream(csv);
             InputStream in = csv.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                     ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null) {
                return; // the header check has said so
            }
            List<String> columns = cells(header.startsWith("\uFEFF") ? header.substring(1) : header);
            int column = columns.indexOf(label);
            if (column < 0) {
                return;
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                List<String> cells = cells(line);
                if (column < cells.size()) {
                    String value = cells.get(column);
                    if (!value.isEmpty() && (keep.isEmpty() || keep.contains(value)) && seen.add(value) && seen.size() >= 2) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            throw new SpaceError(blame.location(), "cannot read data file " + csv + ": " + e.getMessage());
        }
        throw new SpaceError(blame.location(), "label column '" + label + "' of " + csv.getFileName() + " holds "
                + (seen.isEmpty() ? "no class" : "one class only (" + seen.iterator().next() + ")")
                + (keep.isEmpty() ? "" : " of data.classes " + keep)
                + ": a classifier needs at least two classes to tell apart");
    }

    private static List<String> cells(String line) {
        String[] parts = line.split(",", -1);
        java.util.ArrayList<String> out = new java.util.ArrayList<>(parts.length);
        for (String p : parts) {
            String c = p.strip();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1);
            }
            out.add(c);
        }
        return out;
    }
}
